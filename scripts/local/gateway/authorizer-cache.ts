/** An authorizer's answer as the gateway keeps it. */
export interface AuthorizerAnswer {
  isAuthorized: boolean;
  context: Record<string, unknown> | undefined;
}

/**
 * API Gateway's authorizer result cache: answers (allow and deny alike) keyed by the identity-source
 * values, kept for the declared TTL. A TTL of 0 disables it, so every request invokes the authorizer.
 */
export class AuthorizerCache {
  private readonly entries = new Map<string, { answer: AuthorizerAnswer; expires: number }>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(identity: readonly string[]): AuthorizerAnswer | undefined {
    if (this.ttlSeconds <= 0) return undefined;
    const key = JSON.stringify(identity);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.answer;
  }

  set(identity: readonly string[], answer: AuthorizerAnswer): void {
    if (this.ttlSeconds <= 0) return;
    this.entries.set(JSON.stringify(identity), { answer, expires: this.now() + this.ttlSeconds * 1000 });
  }
}

/** A simple-response authorizer result, or `undefined` when it is malformed (→ 500). */
export function parseSimpleResponse(payload: unknown): AuthorizerAnswer | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  const { isAuthorized, context } = payload as { isAuthorized?: unknown; context?: unknown };
  if (typeof isAuthorized !== "boolean") return undefined;
  if (context !== undefined && context !== null && (typeof context !== "object" || Array.isArray(context)))
    return undefined;
  return {
    isAuthorized,
    context: context === null || context === undefined ? undefined : (context as Record<string, unknown>),
  };
}
