/**
 * The error EventBridge answers for a malformed event pattern, with the reason Event Ruler's
 * `JsonRuleCompiler` gives (`event-pattern.ts` validates; `event-pattern-operators.ts` checks the
 * operators' arguments).
 */

/** The error PutRule answers for a malformed pattern. */
export class InvalidEventPatternException extends Error {
  override readonly name = "InvalidEventPatternException";
  constructor(readonly reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}

/** Throws `InvalidEventPatternException` with Event Ruler's `reason`. */
export function invalidPattern(reason: string): never {
  throw new InvalidEventPatternException(reason);
}
