import { createHash } from "node:crypto";
import { ulid } from "ulid";
import { ConflictError } from "#shared/domain/errors";
import { RefreshTokenReusedError } from "#shared/domain/identity/errors";
import type {
  RefreshRecord,
  SessionRecord,
  SessionRepository,
  TenantProfile,
  UserRecord,
} from "#shared/domain/identity/ports";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { Stored } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { IDENTITY_ENTITIES, TENANT_PROFILE_ID } from "./items.ts";

/** Refresh tokens are stored only as a SHA-256 digest: the table never holds one that works. */
function refreshTokenId(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** The index partition of a user's sessions (gsi1, platform scope). */
function userSessionsPartition(userId: string): string {
  return `USER_SESSIONS#${userId}`;
}

/**
 * Sessions (`SESSION` items, one per refresh-token family), their refresh tokens (`REFRESH`) and
 * revoked access tokens (`REVOKED_JTI`); see `items.ts`.
 */
export function createSessionsRepository(table: SingleTable): SessionRepository {
  const platform = () => table.platform();
  const repository: SessionRepository = {
    /** The session and its first refresh token, in one transaction; both expire with the session. */
    async start(userId, refreshToken, expiresAt, generations) {
      const sessionId = ulid();
      await table.transact([
        platform().createOp(
          IDENTITY_ENTITIES.session,
          sessionId,
          { userId, status: "active", generations } satisfies SessionRecord,
          { expiresAt, indexes: { gsi1: { pk: userSessionsPartition(userId), sk: sessionId } } },
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

    refreshToken: (token) =>
      platform().get<RefreshRecord>(IDENTITY_ENTITIES.refresh, refreshTokenId(token), { consistent: true }),

    get: (sessionId) =>
      platform().get<SessionRecord>(IDENTITY_ENTITIES.session, sessionId, { consistent: true }),

    /**
     * Marks the presented token used — only if it was unused, so two concurrent refreshes cannot both
     * succeed — and stores its successor, which expires with the session, in one transaction.
     */
    async rotate(presented, next) {
      const { expiresAt } = presented;
      await table.transact([
        {
          ...platform().updateOp<RefreshRecord>(
            IDENTITY_ENTITIES.refresh,
            refreshTokenId(presented.token),
            { used: true },
            { expectedVersion: presented.version },
          ),
          onConditionFailed: () => new RefreshTokenReusedError(),
        },
        platform().createOp(
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

    async revoke(sessionId) {
      const session = await repository.get(sessionId);
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

    async revokeAccessToken(jti, expiresAt) {
      await platform()
        .create(IDENTITY_ENTITIES.revokedJti, jti, {}, { expiresAt })
        .catch((error: unknown) => {
          if (error instanceof ConflictError) return undefined; // already revoked
          throw error;
        });
    },

    /**
     * Pages through the user's sessions (the `USER_SESSIONS` index; needs a table built with a cursor
     * key) and revokes each active one but `keep`. The authorizer checks the session per token, so
     * their access tokens die with them.
     */
    async revokeOthers(userId, keep) {
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
      await Promise.all(others.map((sessionId) => repository.revoke(sessionId)));
      return others.length;
    },

    /**
     * Every read the authorizer makes per token, in one round trip (eventually consistent: a
     * revocation reaches it within the cache TTL anyway): the token's `jti`, its user, its session
     * (when it names one) and its tenant's profile (for a tenant user).
     */
    async standing(token) {
      const tenantId = token.tenantId ? parseTenantId(token.tenantId) : undefined;
      const items = await table.getMany([
        platform().ref(IDENTITY_ENTITIES.revokedJti, token.jti),
        platform().ref(IDENTITY_ENTITIES.user, token.sub),
        ...(token.sid ? [platform().ref(IDENTITY_ENTITIES.session, token.sid)] : []),
        ...(tenantId
          ? [table.forTenant(tenantId).ref(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID)]
          : []),
      ]);
      const [revoked, user] = items;
      const session = token.sid ? items[2] : undefined;
      const tenant = tenantId ? items[token.sid ? 3 : 2] : undefined;
      return {
        generations: token.generations,
        revoked: revoked !== undefined,
        user: user as Stored<UserRecord> | undefined,
        ...(token.sid ? { session: (session as Stored<SessionRecord> | undefined) ?? "missing" } : {}),
        ...(tenantId ? { tenant: (tenant as Stored<TenantProfile> | undefined) ?? "missing" } : {}),
      };
    },
  };
  return repository;
}
