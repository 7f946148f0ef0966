import { createHash, randomBytes } from "node:crypto";
import { ulid } from "ulid";
import type { Role, StaffRole, TenantRole } from "#shared/domain/access/roles";
import {
  accessTokenVerdict,
  generationOf,
  type SessionGenerations,
  type SessionVerdict,
} from "#shared/domain/access/session-verdict";
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  StaleVersionError,
  WriteConflictError,
} from "#shared/domain/errors";
import {
  EmailTakenError,
  LastAdminError,
  NotAReviewerError,
  RefreshTokenReusedError,
} from "#shared/domain/identity/errors";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { ASSIGNMENT_ENTITY, assignmentId } from "./assignments.ts";
import type { IndexKeys, Stored, WriteOp } from "./item.ts";
import type { Page } from "./query.ts";
import type { SingleTable } from "./table.ts";

/**
 * Identity items on the single table.
 *
 * | item | scope | key (entity / id) | holds |
 * |---|---|---|---|
 * | user | platform | `USER` / userId | e-mail, name, role, tenantId?, password hash, status, sessionGeneration?; tenant users on gsi2 `TENANT_USERS#<tenantId>` / userId |
 * | e-mail uniqueness | platform | `EMAIL` / normalized e-mail | userId |
 * | tenant profile | tenant | `PROFILE` / `tenant` | name, status, adminCount, sessionGeneration? |
 * | tenant reference | platform | `TENANT_REF` / tenantId | name, status (in step with the profile); gsi1 `TENANTS` / tenantId |
 * | reviewer assignment | platform | `ASSIGNMENT` / `<reviewerId>:<tenantId>` | reviewerId, tenantId; gsi1 `ASSIGN_TENANT#<tenantId>` / reviewerId |
 * | revoked access token | platform | `REVOKED_JTI` / jti | expires with the token |
 * | session (refresh-token family) | platform | `SESSION` / sessionId | userId, status, generations; expires with its last refresh token; gsi1 `USER_SESSIONS#<userId>` / sessionId |
 * | refresh token | platform | `REFRESH` / sha256(token) | sessionId, userId, used; expires |
 */
export const IDENTITY_ENTITIES = {
  user: "USER",
  email: "EMAIL",
  tenantProfile: "PROFILE",
  revokedJti: "REVOKED_JTI",
  session: "SESSION",
  refresh: "REFRESH",
} as const;
export const TENANT_PROFILE_ID = "tenant";

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

export interface TenantProfile {
  name: string;
  status: Status;
  /** How many of the tenant's users are admins; never below 1 (see `changeTenantUserRole`). */
  adminCount?: number;
  /** Raised when the tenant is suspended: its users' earlier sessions stay dead after reactivation. */
  sessionGeneration?: number;
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

/** Refresh tokens are opaque, random and stored only as a SHA-256 digest. */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}
export function refreshTokenId(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** What the authorizer needs to know about a verified token, beyond its signature. */
export interface TokenFacts {
  sub: string;
  jti: string;
  iat: number;
  tenantId?: string;
  sid?: string;
  /** The session generations the token was issued under. */
  generations: SessionGenerations;
}

export type { SessionVerdict };

/**
 * Reads and writes identity items. All reads the authorizer makes per token run at once: the
 * token's `jti`, its user, its session and (for tenant users) its tenant.
 */
export function createIdentityStore(table: SingleTable) {
  const platform = () => table.platform();
  /** A user of `tenantId` and the tenant's profile, consistently read; another tenant's user → `NotFoundError`. */
  const readTenantUser = async (tenantId: TenantId, userId: string) => {
    const [user, profile] = await Promise.all([
      platform().get<UserRecord>(IDENTITY_ENTITIES.user, userId, { consistent: true }),
      table
        .forTenant(tenantId)
        .get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, { consistent: true }),
    ]);
    if (user?.tenantId !== tenantId || !profile) throw userNotFound();
    return { user, profile };
  };
  return {
    /**
     * Creates a tenant (its profile and the platform's `TENANT_REF` to it) and its first admin, and
     * claims the e-mail, in one transaction.
     */
    async registerTenant(input: {
      tenantName: string;
      name: string;
      email: string;
      passwordHash: string;
    }): Promise<{ tenantId: TenantId; userId: string }> {
      const tenantId = parseTenantId(ulid());
      const userId = ulid();
      const user: UserRecord = {
        email: input.email,
        name: input.name,
        role: "admin",
        tenantId,
        passwordHash: input.passwordHash,
        status: "active",
      };
      await table.transact([
        ...newTenantOps(table, tenantId, input.tenantName, 1),
        platform().createOp(IDENTITY_ENTITIES.user, userId, user, {
          indexes: tenantUserIndex(tenantId, userId),
        }),
        {
          ...platform().createOp(IDENTITY_ENTITIES.email, input.email, { userId }),
          onConditionFailed: () => new EmailTakenError("This e-mail cannot be registered"),
        },
      ]);
      return { tenantId, userId };
    },

    /** Creates platform staff (reviewer or super-admin) and claims the e-mail, in one transaction. */
    async createStaff(input: {
      name: string;
      email: string;
      role: StaffRole;
      passwordHash: string;
    }): Promise<string> {
      const userId = ulid();
      await table.transact([
        platform().createOp(IDENTITY_ENTITIES.user, userId, {
          email: input.email,
          name: input.name,
          role: input.role,
          passwordHash: input.passwordHash,
          status: "active",
        } satisfies UserRecord),
        {
          ...platform().createOp(IDENTITY_ENTITIES.email, input.email, { userId }),
          onConditionFailed: () => new EmailTakenError("This e-mail is already in use"),
        },
      ]);
      return userId;
    },

    async userByEmail(email: string) {
      const claim = await platform().get<{ userId: string }>(IDENTITY_ENTITIES.email, email, {
        consistent: true,
      });
      if (!claim) return undefined;
      const user = await platform().get<UserRecord>(IDENTITY_ENTITIES.user, claim.userId, {
        consistent: true,
      });
      return user ? { ...user, userId: claim.userId } : undefined;
    },

    async user(userId: string) {
      return platform().get<UserRecord>(IDENTITY_ENTITIES.user, userId, { consistent: true });
    },

    async updateUser(userId: string, changes: Partial<UserRecord>, expectedVersion: number) {
      return platform().update<UserRecord>(IDENTITY_ENTITIES.user, userId, changes, { expectedVersion });
    },

    /**
     * Starts a session (a refresh-token family) with its first refresh token, stamped with the
     * generations its user (and tenant) were at when they were read for the sign-in.
     */
    async startSession(
      userId: string,
      refreshToken: string,
      expiresAt: number,
      generations: SessionGenerations,
    ): Promise<string> {
      const sessionId = ulid();
      await table.transact([
        platform().createOp(
          IDENTITY_ENTITIES.session,
          sessionId,
          { userId, status: "active", generations } satisfies SessionRecord,
          {
            expiresAt,
            indexes: { gsi1: { pk: userSessionsPartition(userId), sk: sessionId } },
          },
        ),
        platform().createOp(
          IDENTITY_ENTITIES.refresh,
          refreshTokenId(refreshToken),
          { sessionId, userId, used: false, expiresAt } satisfies RefreshRecord,
          { expiresAt },
        ),
      ]);
      return sessionId;
    },

    async refreshToken(token: string) {
      return platform().get<RefreshRecord>(IDENTITY_ENTITIES.refresh, refreshTokenId(token), {
        consistent: true,
      });
    },

    async session(sessionId: string) {
      return platform().get<SessionRecord>(IDENTITY_ENTITIES.session, sessionId, { consistent: true });
    },

    /**
     * Rotates a refresh token: marks the presented one used (only if it was unused — two concurrent
     * refreshes cannot both succeed) and stores its successor, in one transaction. A token already
     * used → `ConflictError` `IDENTITY.REFRESH_REUSED`, which the caller answers by revoking the session.
     */
    async rotateRefreshToken(
      presented: { token: string; version: number; sessionId: string; userId: string; expiresAt: number },
      next: string,
    ) {
      const expiresAt = presented.expiresAt;
      const scope = platform();
      await table.transact([
        {
          ...scope.updateOp<RefreshRecord>(
            IDENTITY_ENTITIES.refresh,
            refreshTokenId(presented.token),
            { used: true },
            {
              expectedVersion: presented.version,
            },
          ),
          onConditionFailed: () => new RefreshTokenReusedError(),
        },
        scope.createOp(
          IDENTITY_ENTITIES.refresh,
          refreshTokenId(next),
          {
            sessionId: presented.sessionId,
            userId: presented.userId,
            used: false,
            expiresAt,
          } satisfies RefreshRecord,
          { expiresAt },
        ),
      ]);
    },

    /** Revokes a session: every refresh token of the family stops working, and so do its access tokens. */
    async revokeSession(sessionId: string): Promise<void> {
      const session = await platform().get<SessionRecord>(IDENTITY_ENTITIES.session, sessionId, {
        consistent: true,
      });
      if (!session || session.status === "revoked") return;
      await platform()
        .update<SessionRecord>(
          IDENTITY_ENTITIES.session,
          sessionId,
          { status: "revoked" },
          { expectedVersion: session.version },
        )
        .catch((error: unknown) => {
          // Someone revoked it between our read and write: the outcome we wanted.
          if (error instanceof ConflictError) return undefined;
          throw error;
        });
    },

    /** Revokes one access token until it would have expired anyway. */
    async revokeAccessToken(jti: string, expiresAt: number): Promise<void> {
      await platform()
        .create(IDENTITY_ENTITIES.revokedJti, jti, {}, { expiresAt })
        .catch((error: unknown) => {
          if (error instanceof ConflictError) return undefined; // already revoked
          throw error;
        });
    },

    /**
     * Ends every session of the user, wherever it is and however recent: raises the user's session
     * generation (on the version read, retried when the user changed meanwhile). A session started
     * after this returns carries the new generation and lives. Unknown user → `NotFoundError`.
     */
    async endAllSessions(userId: string): Promise<void> {
      await withRetries(async () => {
        const user = await platform().get<UserRecord>(IDENTITY_ENTITIES.user, userId, { consistent: true });
        if (!user) throw userNotFound();
        await platform()
          .update<UserRecord>(
            IDENTITY_ENTITIES.user,
            userId,
            { sessionGeneration: generationOf(user) + 1 },
            { expectedVersion: user.version },
          )
          .catch((error: unknown) => {
            if (error instanceof NotFoundError) throw userNotFound();
            throw error;
          });
      });
    },

    /**
     * What the authorizer checks after the signature (see `accessTokenVerdict`): the token not revoked,
     * its session not revoked, its generations current, its user and tenant not suspended.
     */
    async verdict(token: TokenFacts): Promise<SessionVerdict> {
      const [revoked, user, session, tenant] = await Promise.all([
        platform().get(IDENTITY_ENTITIES.revokedJti, token.jti),
        platform().get<UserRecord>(IDENTITY_ENTITIES.user, token.sub),
        token.sid ? platform().get<SessionRecord>(IDENTITY_ENTITIES.session, token.sid) : undefined,
        token.tenantId
          ? table
              .forTenant(parseTenantId(token.tenantId))
              .get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID)
          : undefined,
      ]);
      return accessTokenVerdict({
        generations: token.generations,
        revoked: revoked !== undefined,
        user,
        ...(token.sid ? { session: session ?? "missing" } : {}),
        ...(token.tenantId ? { tenant: tenant ?? "missing" } : {}),
      });
    },

    /** A tenant's profile (name, status, admin count), read consistently. */
    async tenantProfile(tenantId: TenantId) {
      return table
        .forTenant(tenantId)
        .get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, { consistent: true });
    },

    /** A user of this tenant, or `undefined` — also when the user exists but belongs to another tenant. */
    async tenantUser(tenantId: TenantId, userId: string) {
      const user = await platform().get<UserRecord>(IDENTITY_ENTITIES.user, userId, { consistent: true });
      return user?.tenantId === tenantId ? { ...user, userId } : undefined;
    },

    /** Pages through a tenant's users (the `TENANT_USERS` index, eventually consistent), by user id. */
    async tenantUsers(tenantId: TenantId, options: { limit?: number; cursor?: string }) {
      return platform().listByIndex<UserRecord>("gsi2", tenantUsersPartition(tenantId), options);
    },

    /**
     * Creates a user of a tenant and claims the e-mail, in one transaction; an admin also raises the
     * tenant's `adminCount` (on the profile version read, so it cannot race a demotion). A taken
     * e-mail → `ConflictError` `IDENTITY.EMAIL_TAKEN`.
     */
    async inviteTenantUser(input: {
      tenantId: TenantId;
      name: string;
      email: string;
      role: TenantRole;
      passwordHash: string;
    }): Promise<string> {
      const tenant = table.forTenant(input.tenantId);
      return withRetries(async () => {
        const userId = ulid();
        const profile = await tenant.get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, {
          consistent: true,
        });
        if (!profile) throw new Error(`Tenant ${input.tenantId} has no profile`);
        await table.transact([
          platform().createOp(
            IDENTITY_ENTITIES.user,
            userId,
            {
              email: input.email,
              name: input.name,
              role: input.role,
              tenantId: input.tenantId,
              passwordHash: input.passwordHash,
              status: "active",
            } satisfies UserRecord,
            { indexes: tenantUserIndex(input.tenantId, userId) },
          ),
          {
            ...platform().createOp(IDENTITY_ENTITIES.email, input.email, { userId }),
            onConditionFailed: () => new EmailTakenError("This e-mail is already in use"),
          },
          input.role === "admin"
            ? tenant.updateOp<TenantProfile>(
                IDENTITY_ENTITIES.tenantProfile,
                TENANT_PROFILE_ID,
                { adminCount: adminCountOf(input.tenantId, profile) + 1 },
                { expectedVersion: profile.version },
              )
            : tenant.requireOp(
                IDENTITY_ENTITIES.tenantProfile,
                TENANT_PROFILE_ID,
                () => new Error(`Tenant ${input.tenantId} has no profile`),
              ),
        ]);
        return userId;
      });
    },

    /**
     * Changes a tenant user's role and the tenant's `adminCount` in one transaction, and raises the
     * user's session generation so sessions and tokens carrying the old role die. Demoting needs `adminCount > 1`; the
     * profile write is conditioned on the version that count was read at, so two concurrent demotions
     * cannot both pass (the loser retries, sees 1 and gets `IDENTITY.LAST_ADMIN`). Another tenant's
     * user → `NotFoundError`. Returns the role before and after.
     */
    async changeTenantUserRole(
      tenantId: TenantId,
      userId: string,
      role: TenantRole,
    ): Promise<{ from: Role; to: TenantRole }> {
      const tenant = table.forTenant(tenantId);
      return withRetries(async () => {
        const { user, profile } = await readTenantUser(tenantId, userId);
        if (user.role === role) return { from: user.role, to: role };
        const admins = adminCountOf(tenantId, profile);
        if (role === "member" && admins <= 1) throw lastAdmin();
        await table.transact([
          {
            ...platform().updateOp<UserRecord>(
              IDENTITY_ENTITIES.user,
              userId,
              { role, sessionGeneration: generationOf(user) + 1 },
              { expectedVersion: user.version },
            ),
            onConditionFailed: staleOrGone,
          },
          tenant.updateOp<TenantProfile>(
            IDENTITY_ENTITIES.tenantProfile,
            TENANT_PROFILE_ID,
            { adminCount: role === "admin" ? admins + 1 : admins - 1 },
            { expectedVersion: profile.version },
          ),
        ]);
        return { from: user.role, to: role };
      });
    },

    /**
     * Removes a tenant user and frees the e-mail, in one transaction; removing an admin lowers the
     * tenant's `adminCount` under the same rule as a demotion (never the last admin). Without its
     * `USER` item every token of the user is refused. Another tenant's user → `NotFoundError`.
     */
    async removeTenantUser(tenantId: TenantId, userId: string): Promise<{ email: string; role: Role }> {
      const tenant = table.forTenant(tenantId);
      return withRetries(async () => {
        const { user, profile } = await readTenantUser(tenantId, userId);
        const admins = adminCountOf(tenantId, profile);
        if (user.role === "admin" && admins <= 1) throw lastAdmin();
        await table.transact([
          {
            ...platform().deleteOp(IDENTITY_ENTITIES.user, userId, { expectedVersion: user.version }),
            onConditionFailed: staleOrGone,
          },
          {
            ...platform().deleteOp(IDENTITY_ENTITIES.email, user.email),
            onConditionFailed: () => new Error(`User ${userId} has no e-mail claim`),
          },
          user.role === "admin"
            ? tenant.updateOp<TenantProfile>(
                IDENTITY_ENTITIES.tenantProfile,
                TENANT_PROFILE_ID,
                { adminCount: admins - 1 },
                { expectedVersion: profile.version },
              )
            : tenant.requireOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, userNotFound),
        ]);
        return { email: user.email, role: user.role };
      });
    },

    /**
     * Revokes every active session of the user but `keep` (the `USER_SESSIONS` index): their refresh
     * tokens stop working, and so do their access tokens (the authorizer checks the session per
     * token). Needs a table built with a cursor key. Returns how many it revoked.
     */
    async revokeOtherSessions(userId: string, keep: string | undefined): Promise<number> {
      const others: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await platform().listByIndex<SessionRecord>("gsi1", userSessionsPartition(userId), {
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        for (const session of page.items) {
          if (session.id !== keep && session.status === "active") others.push(session.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      await Promise.all(others.map((sessionId) => this.revokeSession(sessionId)));
      return others.length;
    },

    /**
     * Creates a tenant with no users yet (a super-admin's act): its profile and its `TENANT_REF`, in
     * one transaction. Its users come by invitation.
     */
    async createTenant(name: string): Promise<TenantId> {
      const tenantId = parseTenantId(ulid());
      await table.transact(newTenantOps(table, tenantId, name, 0));
      return tenantId;
    },

    /** A tenant as the platform sees it (its profile), or `undefined`. */
    async tenant(tenantId: TenantId): Promise<TenantView | undefined> {
      const profile = await table
        .forTenant(tenantId)
        .get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, { consistent: true });
      return profile ? tenantView(tenantId, profile) : undefined;
    },

    /**
     * Pages through every tenant, newest first (the `TENANTS` index of `TENANT_REF` items, eventually
     * consistent; tenant ids are ULIDs, so id order is creation order).
     */
    async tenants(options: {
      limit?: number;
      cursor?: string;
    }): Promise<{ items: TenantView[]; nextCursor?: string }> {
      const page = await platform().listByIndex<TenantRef>("gsi1", TENANTS_PARTITION, {
        ...options,
        order: "desc",
      });
      return {
        items: page.items.map((ref) => tenantView(ref.id, ref)),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },

    /**
     * Suspends or reactivates a tenant: its profile (which the authorizer reads per token) and its
     * `TENANT_REF` (which the listing shows) change in one transaction, on the versions read. A
     * suspension also raises the tenant's session generation: its users' sessions end for good. A tenant
     * registered before refs existed gets its ref here. Unknown tenant → `NotFoundError`.
     */
    async setTenantStatus(
      tenantId: TenantId,
      status: Status,
    ): Promise<{ tenant: TenantView; changed: boolean }> {
      const tenant = table.forTenant(tenantId);
      return withRetries(async () => {
        const [profile, ref] = await Promise.all([
          tenant.get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, { consistent: true }),
          platform().get<TenantRef>(TENANT_REF_ENTITY, tenantId, { consistent: true }),
        ]);
        if (!profile) throw tenantNotFound();
        if (profile.status === status && ref?.status === status) {
          return { tenant: tenantView(tenantId, profile), changed: false };
        }
        await table.transact([
          {
            ...tenant.updateOp<TenantProfile>(
              IDENTITY_ENTITIES.tenantProfile,
              TENANT_PROFILE_ID,
              status === "suspended" ? { status, sessionGeneration: generationOf(profile) + 1 } : { status },
              { expectedVersion: profile.version },
            ),
            onConditionFailed: (existed) => (existed ? staleTenant() : tenantNotFound()),
          },
          ref
            ? {
                ...platform().updateOp<TenantRef>(
                  TENANT_REF_ENTITY,
                  tenantId,
                  { status },
                  { expectedVersion: ref.version },
                ),
                onConditionFailed: staleTenant,
              }
            : {
                ...tenantRefOp(table, tenantId, { name: profile.name, status }),
                onConditionFailed: staleTenant,
              },
        ]);
        return { tenant: tenantView(tenantId, { ...profile, status }), changed: true };
      });
    },

    /**
     * Suspends or reactivates a user of any kind, on the version read. A suspension also raises the
     * user's session generation: every session ends for good, and after reactivation the person signs
     * in again. Unknown user → `NotFoundError`.
     */
    async setUserStatus(
      userId: string,
      status: Status,
    ): Promise<{ user: Stored<UserRecord>; changed: boolean }> {
      return withRetries(async () => {
        const user = await platform().get<UserRecord>(IDENTITY_ENTITIES.user, userId, { consistent: true });
        if (!user) throw userNotFound();
        if (user.status === status) return { user, changed: false };
        const updated = await platform()
          .update<UserRecord>(
            IDENTITY_ENTITIES.user,
            userId,
            status === "suspended" ? { status, sessionGeneration: generationOf(user) + 1 } : { status },
            { expectedVersion: user.version },
          )
          .catch((error: unknown) => {
            if (error instanceof NotFoundError) throw userNotFound();
            throw error;
          });
        return { user: updated, changed: true };
      });
    },

    /**
     * Assigns a reviewer to a tenant: one `ASSIGNMENT` item (which the handler kit's assignment lookup
     * reads), written only while the reviewer and the tenant exist. Idempotent: an existing assignment
     * → `{ created: false }`. Unknown user or tenant → `NotFoundError`; a user who is not a reviewer →
     * `ConflictError` `IDENTITY.NOT_A_REVIEWER`.
     */
    async assignReviewer(reviewerId: string, tenantId: TenantId): Promise<{ created: boolean }> {
      const reviewer = await platform().get<UserRecord>(IDENTITY_ENTITIES.user, reviewerId, {
        consistent: true,
      });
      if (!reviewer) throw new NotFoundError("Reviewer not found");
      if (reviewer.role !== "reviewer") {
        throw new NotAReviewerError();
      }
      try {
        await table.transact([
          platform().createOp<AssignmentRecord>(
            ASSIGNMENT_ENTITY,
            assignmentId(reviewerId, tenantId),
            { reviewerId, tenantId },
            { indexes: { gsi1: { pk: tenantReviewersPartition(tenantId), sk: reviewerId } } },
          ),
          platform().requireOp(
            IDENTITY_ENTITIES.user,
            reviewerId,
            () => new NotFoundError("Reviewer not found"),
          ),
          table
            .forTenant(tenantId)
            .requireOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, tenantNotFound),
        ]);
        return { created: true };
      } catch (error) {
        if (error instanceof AlreadyExistsError) return { created: false };
        throw error;
      }
    },

    /** Ends a reviewer's assignment to a tenant; the very next request of the reviewer is refused. */
    async unassignReviewer(reviewerId: string, tenantId: TenantId): Promise<void> {
      await table.transact([
        {
          ...platform().deleteOp(ASSIGNMENT_ENTITY, assignmentId(reviewerId, tenantId)),
          onConditionFailed: () => new NotFoundError("This reviewer is not assigned to this tenant"),
        },
      ]);
    },

    /** Pages through the reviewers assigned to a tenant (an index, eventually consistent), by reviewer id. */
    async tenantReviewers(
      tenantId: TenantId,
      options: { limit?: number; cursor?: string },
    ): Promise<Page<AssignmentRecord>> {
      return platform().listByIndex<AssignmentRecord>("gsi1", tenantReviewersPartition(tenantId), options);
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
export type { TenantRole };

/** The index partition of a tenant's users (gsi2, platform scope). */
function tenantUsersPartition(tenantId: TenantId): string {
  return `TENANT_USERS#${tenantId}`;
}

/** The index keys a tenant user's `USER` item carries, so the tenant can list its users. */
function tenantUserIndex(tenantId: TenantId, userId: string): IndexKeys {
  return { gsi2: { pk: tenantUsersPartition(tenantId), sk: userId } };
}

/** The index partition of a user's sessions (gsi1, platform scope). */
function userSessionsPartition(userId: string): string {
  return `USER_SESSIONS#${userId}`;
}

/** A tenant's admin count; a profile without one predates the count and cannot be judged safely. */
function adminCountOf(tenantId: TenantId, profile: Stored<TenantProfile>): number {
  if (profile.adminCount === undefined) throw new Error(`Tenant ${tenantId} has no adminCount`);
  return profile.adminCount;
}

const userNotFound = () => new NotFoundError("User not found");
const lastAdmin = () => new LastAdminError();
/** A user write whose condition failed: changed meanwhile (retried) or removed meanwhile (404). */
const staleOrGone = (existed: boolean) =>
  existed ? new StaleVersionError("The user was changed meanwhile; retry") : userNotFound();

/**
 * Runs a read-check-write that writes on the versions it read; when another writer got there
 * first (a stale version or a conflicting transaction), reads and judges again, a few times.
 */
async function withRetries<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = error instanceof StaleVersionError || error instanceof WriteConflictError;
      if (!retryable || i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.random() * 30));
    }
  }
}

/** The platform's entity that lists tenants across tenants (tenant-scoped profiles cannot be). */
export const TENANT_REF_ENTITY = "TENANT_REF";
/** The index partition (gsi1, platform scope) of every tenant's `TENANT_REF`, sorted by tenant id. */
const TENANTS_PARTITION = "TENANTS";

/** A platform item per tenant: a copy of the profile's name and status, listed on the `TENANTS` index. */
export interface TenantRef {
  name: string;
  status: Status;
}

/** A tenant as super-admins see it. */
export interface TenantView {
  id: string;
  name: string;
  status: Status;
  createdAt: string;
}

/** Says a reviewer may work on a tenant; keyed by `assignmentId`, listed per tenant on gsi1. */
export interface AssignmentRecord {
  reviewerId: string;
  tenantId: string;
}

/** The writes that create a tenant: its profile and its `TENANT_REF`, which stay in step. */
function newTenantOps(table: SingleTable, tenantId: TenantId, name: string, adminCount: number): WriteOp[] {
  return [
    table.forTenant(tenantId).createOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, {
      name,
      status: "active",
      adminCount,
    } satisfies TenantProfile),
    tenantRefOp(table, tenantId, { name, status: "active" }),
  ];
}

function tenantRefOp(table: SingleTable, tenantId: TenantId, ref: TenantRef): WriteOp {
  return table.platform().createOp(TENANT_REF_ENTITY, tenantId, ref, {
    indexes: { gsi1: { pk: TENANTS_PARTITION, sk: tenantId } },
  });
}

function tenantView(tenantId: string, item: Stored<TenantRef>): TenantView {
  return { id: tenantId, name: item.name, status: item.status, createdAt: item.createdAt };
}

/** The index partition of a tenant's reviewer assignments (gsi1, platform scope). */
function tenantReviewersPartition(tenantId: TenantId): string {
  return `ASSIGN_TENANT#${tenantId}`;
}

const tenantNotFound = () => new NotFoundError("Tenant not found");
const staleTenant = () => new StaleVersionError("The tenant was changed meanwhile; retry");
