/**
 * The identity context's ports: users, tenants, a tenant's users, sessions and reviewer assignments,
 * each a repository of one aggregate, plus the limiter that counts sign-in attempts. The DynamoDB
 * adapters under `shared/adapters/dynamodb/identity/` implement them; the use cases beside this file
 * speak only to these interfaces.
 */
import type { TokenStandings } from "#shared/domain/access/ports";
import type { Role, StaffRole, TenantRole } from "#shared/domain/access/roles";
import type { SessionGenerations } from "#shared/domain/access/session-verdict";
import type { StarterCredits } from "#shared/domain/credits/starter-credits";
import type { Page, PageRequest, Stored } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** Whether a user or tenant may act. */
export type Status = "active" | "suspended";

export interface UserRecord {
  email: string;
  name: string;
  role: Role;
  tenantId?: string;
  passwordHash: string;
  status: Status;
  /**
   * Raised each time every session of the user ends (log out everywhere, a role change, a suspension):
   * sessions and tokens stamped with an older generation are dead. Absent → 0.
   */
  sessionGeneration?: number;
}

/** A user together with its id, as a look-up by e-mail or within a tenant answers it. */
export type KnownUser = Stored<UserRecord> & { userId: string };

export interface TenantProfile {
  name: string;
  status: Status;
  /** How many of the tenant's users are admins; never below 1 once it has one (`adminCountAfter`). */
  adminCount?: number;
  /** Raised when the tenant is suspended: its users' earlier sessions stay dead after reactivation. */
  sessionGeneration?: number;
}

/** A tenant as super-admins see it. */
export interface TenantView {
  id: string;
  name: string;
  status: Status;
  createdAt: string;
}

export interface SessionRecord {
  userId: string;
  status: "active" | "revoked";
  /** The user's (and tenant's) session generations when it started; absent on sessions from before them. */
  generations?: SessionGenerations;
}

export interface RefreshRecord {
  sessionId: string;
  userId: string;
  used: boolean;
  /** Epoch seconds: the session's end, which every token of the family shares. */
  expiresAt: number;
}

/** Says a reviewer may work on a tenant. */
export interface AssignmentRecord {
  reviewerId: string;
  tenantId: string;
}

/** Users of every kind, and the e-mail addresses they claim. */
export interface UserRepository {
  /** A user, read consistently. */
  get(userId: string): Promise<Stored<UserRecord> | undefined>;
  /** The user who claims this (normalized) e-mail. */
  byEmail(email: string): Promise<KnownUser | undefined>;
  /** Writes changes on the version read; a stale version → `StaleVersionError`. */
  update(userId: string, changes: Partial<UserRecord>, expectedVersion: number): Promise<Stored<UserRecord>>;
  /** Platform staff (reviewers and super-admins), a page at a time, oldest first; never tenants' users. */
  listStaff(page: PageRequest): Promise<Page<UserRecord>>;
  /** Creates platform staff and claims the e-mail, at once; a taken e-mail → `EmailTakenError`. */
  createStaff(staff: { name: string; email: string; role: StaffRole; passwordHash: string }): Promise<string>;
  /**
   * Suspends or reactivates a user; a suspension also ends every session of the user for good.
   * Unknown user → `NotFoundError`.
   */
  setStatus(userId: string, status: Status): Promise<{ user: Stored<UserRecord>; changed: boolean }>;
  /** Ends every session of the user (raises its session generation). Unknown user → `NotFoundError`. */
  endAllSessions(userId: string): Promise<void>;
}

/** Tenants: the profile each keeps, and the platform's listing of them. */
export interface TenantRepository {
  /**
   * Creates a tenant, its first admin and the admin's e-mail claim, and its starter credits (a grant
   * and its ledger entry) when given, at once.
   */
  register(registration: {
    tenantName: string;
    name: string;
    email: string;
    passwordHash: string;
    starterCredits?: StarterCredits;
  }): Promise<{ tenantId: TenantId; userId: string }>;
  /** Creates a tenant with no users yet, and its starter credits when given, at once. */
  create(name: string, starterCredits?: StarterCredits): Promise<TenantId>;
  /** A tenant's profile (name, status, admin count), read consistently. */
  profile(tenantId: TenantId): Promise<Stored<TenantProfile> | undefined>;
  /** A tenant as the platform sees it. */
  view(tenantId: TenantId): Promise<TenantView | undefined>;
  /** Every tenant, newest first. */
  list(page: PageRequest): Promise<{ items: TenantView[]; nextCursor?: string }>;
  /**
   * Suspends or reactivates a tenant; a suspension also ends its users' sessions for good. Unknown
   * tenant → `NotFoundError`.
   */
  setStatus(tenantId: TenantId, status: Status): Promise<{ tenant: TenantView; changed: boolean }>;
}

/**
 * The users of one tenant. Every write that changes who is an admin keeps the tenant's admin count in
 * step, on the version it was read at, under the last-admin rule (`adminCountAfter`). Another tenant's
 * user is treated as missing.
 */
export interface TenantUserRepository {
  get(tenantId: TenantId, userId: string): Promise<KnownUser | undefined>;
  list(tenantId: TenantId, page: PageRequest): Promise<Page<UserRecord>>;
  /** Creates a user of the tenant and claims the e-mail; a taken e-mail → `EmailTakenError`. */
  invite(
    tenantId: TenantId,
    user: { name: string; email: string; role: TenantRole; passwordHash: string },
  ): Promise<string>;
  /**
   * Changes a user's role (and ends its sessions, whose tokens carry the old role). The last admin →
   * `LastAdminError`; unknown user → `NotFoundError`.
   */
  changeRole(tenantId: TenantId, userId: string, role: TenantRole): Promise<{ from: Role; to: TenantRole }>;
  /** Removes a user and frees its e-mail. The last admin → `LastAdminError`; unknown → `NotFoundError`. */
  remove(tenantId: TenantId, userId: string): Promise<{ email: string; role: Role }>;
}

/** Sessions (refresh-token families), their refresh tokens, and revoked access tokens. */
export interface SessionRepository extends TokenStandings {
  /** Starts a session with its first refresh token, stamped with the generations given. */
  start(
    userId: string,
    refreshToken: string,
    expiresAt: number,
    generations: SessionGenerations,
  ): Promise<string>;
  /** The record of a refresh token, read consistently. */
  refreshToken(token: string): Promise<Stored<RefreshRecord> | undefined>;
  get(sessionId: string): Promise<Stored<SessionRecord> | undefined>;
  /**
   * Spends the presented refresh token (only if still unused) and stores its successor, at once. A
   * token already spent → `RefreshTokenReusedError`.
   */
  rotate(
    presented: { token: string; version: number; sessionId: string; userId: string; expiresAt: number },
    next: string,
  ): Promise<void>;
  /** Revokes a session: its refresh tokens and its access tokens stop working. Idempotent. */
  revoke(sessionId: string): Promise<void>;
  /** Revokes one access token until it would have expired anyway. Idempotent. */
  revokeAccessToken(jti: string, expiresAt: number): Promise<void>;
  /** Revokes every active session of the user but `keep`; answers how many. */
  revokeOthers(userId: string, keep: string | undefined): Promise<number>;
}

/** Every tenant a reviewer is assigned to. */
export type AssignedTenants = (reviewerId: string) => Promise<TenantId[]>;

/** The names of these users (tenant users and staff alike); a user it does not know is left out. */
export type UserNames = (userIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Whether a tenant exists (its profile, read consistently): a super-admin's path may name any id. */
export type TenantExists = (tenantId: TenantId) => Promise<boolean>;

/** The names of these tenants, as the platform lists them; a tenant it does not know is left out. */
export type TenantNames = (tenantIds: readonly TenantId[]) => Promise<ReadonlyMap<TenantId, string>>;

/** Which reviewers may work on which tenants. */
export interface ReviewerAssignmentRepository {
  /**
   * Assigns a reviewer to a tenant; idempotent (`created: false` when it already was). Unknown user
   * or tenant → `NotFoundError`; a user who is not a reviewer → `NotAReviewerError`.
   */
  assign(reviewerId: string, tenantId: TenantId): Promise<{ created: boolean }>;
  /** Ends an assignment; none → `NotFoundError`. */
  unassign(reviewerId: string, tenantId: TenantId): Promise<void>;
  /** The reviewers assigned to a tenant, by reviewer id. */
  list(tenantId: TenantId, page: PageRequest): Promise<Page<AssignmentRecord>>;
}

/** A limiter's answer. */
export interface LimitDecision {
  allowed: boolean;
  /** Hits counted in the current window. */
  count: number;
  /** Seconds until hits are allowed again; 0 when allowed. */
  retryAfterSeconds: number;
}

/** Counts attempts per key in a window (sign-ins, sign-ups, refreshes, failed passwords). */
export interface AttemptLimiter {
  /** Counts one attempt. */
  hit(key: string): Promise<LimitDecision>;
  /** Counts one attempt; past the limit → `RateLimitedError`. */
  enforce(key: string): Promise<LimitDecision>;
  /** Reads the window without counting. */
  peek(key: string): Promise<LimitDecision>;
  /** Forgets the key's window. */
  reset(key: string): Promise<void>;
}

/** Where a use case reports what ops should see in the logs (the correlation id is the logger's). */
export interface Log {
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
}
