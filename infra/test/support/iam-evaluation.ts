/**
 * How IAM decides whether identity policies let a principal perform an action on a resource, for the
 * statements the platform's templates hold: an explicit `Deny` that matches wins, else an `Allow` that
 * matches grants, else the call is denied (implicit deny). Actions match case-insensitively, resources
 * case-sensitively; both take the wildcards `*` (any run of characters) and `?` (one character).
 */

/** A policy statement whose resources are resolved to ARNs (or ARN patterns). */
export interface ResolvedStatement {
  effect: "Allow" | "Deny";
  actions: readonly string[];
  resources: readonly string[];
  /**
   * A statement with a `Condition`, `NotAction` or `NotResource`. Its conditions cannot be evaluated
   * without the request's context, so it never grants here (and never denies): a call it alone would
   * allow counts as denied, which errs on the side of a failing check.
   */
  unevaluated: boolean;
}

const compiled = new Map<string, RegExp>();

/** Whether `value` matches an IAM pattern with `*` and `?` wildcards. */
export function matchesIamPattern(pattern: string, value: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    const source = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
    compiled.set(key, regex);
  }
  return regex.test(value);
}

function matches(statement: ResolvedStatement, action: string, resource: string): boolean {
  return (
    !statement.unevaluated &&
    statement.actions.some((pattern) => matchesIamPattern(pattern, action, true)) &&
    statement.resources.some((pattern) => matchesIamPattern(pattern, resource, false))
  );
}

/** Whether the statements allow `action` on `resource` (an explicit deny wins over any allow). */
export function isAllowed(
  statements: readonly ResolvedStatement[],
  action: string,
  resource: string,
): boolean {
  const applying = statements.filter((s) => matches(s, action, resource));
  return applying.some((s) => s.effect === "Allow") && !applying.some((s) => s.effect === "Deny");
}
