import { createHash, randomBytes } from "node:crypto";
import { ulid } from "ulid";
import { ConflictError } from "#shared/domain/errors";
import type { Role, StaffRole, TenantRole } from "#shared/platform/declaration/types";
import { parseTenantId, type TenantId } from "#shared/platform/tenant-id";
import type { SingleTable } from "./single-table.ts";

/**
 * Identity items on the single table.
 *
 * | item | scope | key (entity / id) | holds |
 * |---|---|---|---|
 * | user | platform | `USER` / userId | e-mail, name, role, tenantId?, password hash, status, revokedBefore? |
 * | e-mail uniqueness | platform | `EMAIL` / normalized e-mail | userId |
 * | tenant profile | tenant | `PROFILE` / `tenant` | name, status |
 * | revoked access token | platform | `REVOKED_JTI` / jti | expires with the token |
 * | session (refresh-token family) | platform | `SESSION` / sessionId | userId, status; expires with its last refresh token |
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
  /** Epoch seconds: tokens issued before this are dead (log out everywhere, password change). */
  revokedBefore?: number;
}

export interface TenantProfile {
  name: string;
  status: Status;
}

export interface SessionRecord {
  userId: string;
  status: "active" | "revoked";
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
}

export type SessionVerdict = "ok" | "revoked" | "suspended";

/**
 * Reads and writes identity items. All reads the authorizer makes per token run at once: the
 * token's `jti`, its user, its session and (for tenant users) its tenant.
 */
export function createIdentityStore(table: SingleTable) {
  const platform = () => table.platform();
  return {
    /** Creates a tenant and its first admin, and claims the e-mail, in one transaction. */
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
        table.forTenant(tenantId).createOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, {
          name: input.tenantName,
          status: "active",
        } satisfies TenantProfile),
        platform().createOp(IDENTITY_ENTITIES.user, userId, user),
        {
          ...platform().createOp(IDENTITY_ENTITIES.email, input.email, { userId }),
          onConditionFailed: () =>
            new ConflictError("This e-mail cannot be registered", { code: "IDENTITY.EMAIL_TAKEN" }),
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
          onConditionFailed: () =>
            new ConflictError("This e-mail is already in use", { code: "IDENTITY.EMAIL_TAKEN" }),
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

    /** Starts a session (a refresh-token family) with its first refresh token. */
    async startSession(userId: string, refreshToken: string, expiresAt: number): Promise<string> {
      const sessionId = ulid();
      await table.transact([
        platform().createOp(
          IDENTITY_ENTITIES.session,
          sessionId,
          { userId, status: "active" } satisfies SessionRecord,
          {
            expiresAt,
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
          onConditionFailed: () =>
            new ConflictError("Refresh token already used", { code: "IDENTITY.REFRESH_REUSED" }),
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
     * What the authorizer checks after the signature: the token not revoked, issued after the user's
     * `revokedBefore`, its session not revoked, its user and tenant not suspended.
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
      if (revoked || !user) return "revoked";
      if (user.revokedBefore !== undefined && token.iat < user.revokedBefore) return "revoked";
      if (token.sid && session?.status !== "active") return "revoked";
      if (user.status !== "active") return "suspended";
      if (token.tenantId && tenant?.status !== "active") return "suspended";
      return "ok";
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
export type { TenantRole };
