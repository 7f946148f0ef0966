/**
 * Whether a signed-in session still stands: the rules the authorizer applies to every access token and
 * the refresh route to every refresh, in one place, free of storage.
 *
 * "End every session" (log out everywhere, a role change, a suspension, a password change without a
 * session to keep) does not compare clocks: it raises a counter, the **session generation**, on the
 * user (or, for a tenant's suspension, on the tenant). A session records the generations it started
 * under, and every access token carries them; anything stamped with an older generation is dead, and
 * anything started after the raise — one millisecond or one hour later, whatever the clocks say —
 * carries the new one and lives. A suspended principal's sessions therefore stay dead after
 * reactivation: the person signs in again.
 */

/** The generations a session started under: the user's, and the tenant's for a tenant user. */
export interface SessionGenerations {
  user: number;
  tenant?: number;
}

/** What the verdict needs to know of a user: the account's status and its current generation. */
export interface UserStanding {
  status: "active" | "suspended";
  sessionGeneration?: number;
}

/** What the verdict needs to know of a tenant. */
export type TenantStanding = UserStanding;

/** An access token's verdict: honoured, or why not. */
export type SessionVerdict = "ok" | "revoked" | "suspended";

/** The generation a user or tenant is at: one that never ended its sessions is at 0. */
export function generationOf(standing: UserStanding | undefined): number {
  return standing?.sessionGeneration ?? 0;
}

/** The generations a session starting now is stamped with. */
export function currentGenerations(user: UserStanding, tenant?: TenantStanding): SessionGenerations {
  return tenant ? { user: generationOf(user), tenant: generationOf(tenant) } : { user: generationOf(user) };
}

/** Whether something stamped with `stamped` was started before its user's (or tenant's) sessions ended. */
function outlived(
  stamped: SessionGenerations,
  user: UserStanding,
  tenant: TenantStanding | undefined,
): boolean {
  if (stamped.user < generationOf(user)) return true;
  return tenant !== undefined && (stamped.tenant ?? 0) < generationOf(tenant);
}

/** What was read about an access token, for its verdict. */
export interface AccessTokenStanding {
  generations: SessionGenerations;
  revoked: boolean;
  user: UserStanding | undefined;
  /** `undefined` when the token names no session. */
  session?: { status: "active" | "revoked" } | "missing";
  /** Read only for a tenant user's token; `"missing"` when the tenant has no profile. */
  tenant?: TenantStanding | "missing";
}

/**
 * An access token's verdict, from what was read about it: its own revocation, its user, its session
 * (when it names one) and its tenant (for a tenant user). A missing user, a revoked token or session,
 * or generations older than the user's or tenant's → `revoked`; a suspended user or tenant → `suspended`.
 */
export function accessTokenVerdict(token: AccessTokenStanding): SessionVerdict {
  const { user, session } = token;
  const tenant = token.tenant === "missing" ? undefined : token.tenant;
  if (token.revoked || !user) return "revoked";
  if (session === "missing" || (session && session.status !== "active")) return "revoked";
  if (outlived(token.generations, user, tenant)) return "revoked";
  if (user.status !== "active") return "suspended";
  if (token.tenant !== undefined && tenant?.status !== "active") return "suspended";
  return "ok";
}

/** A refresh's verdict: go on, the account is suspended (say so), or the session has ended. */
export type RefreshVerdict = "ok" | "suspended" | "ended";

/**
 * Whether a session may be refreshed. Suspension comes first, so a suspended person is told why, with
 * the same answer sign-in gives; then the session must be active and of the current generations.
 */
export function refreshVerdict(input: {
  session: { status: "active" | "revoked"; generations: SessionGenerations } | undefined;
  user: UserStanding | undefined;
  /** For a tenant user: its tenant (`"missing"` when the tenant has no profile). */
  tenant?: TenantStanding | "missing";
}): RefreshVerdict {
  const { session, user } = input;
  const tenant = input.tenant === "missing" ? undefined : input.tenant;
  if (!user) return "ended";
  if (user.status !== "active") return "suspended";
  if (input.tenant !== undefined && tenant?.status !== "active") return "suspended";
  if (session?.status !== "active") return "ended";
  return outlived(session.generations, user, tenant) ? "ended" : "ok";
}

/** Whether a user may sign in: the account and (for a tenant user) the tenant must be active. */
export function mayStartSession(user: UserStanding, tenant?: TenantStanding): boolean {
  return user.status === "active" && (tenant === undefined || tenant.status === "active");
}
