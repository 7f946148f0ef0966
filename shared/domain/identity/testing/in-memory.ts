/**
 * In-memory fakes of the identity ports, for use-case tests: plain maps, versions that count writes,
 * and a record of what each fake was asked to do. They keep the ports' contracts that the use cases
 * rely on (a spent refresh token refuses a second rotation; a lockout counts per key), nothing more.
 */
import type { AccessTokenIssuer, TokenSubject } from "#shared/domain/access/ports";
import type { SessionGenerations } from "#shared/domain/access/session-verdict";
import type { AuditEntry } from "#shared/domain/audit/audit-entry";
import { NotFoundError, RateLimitedError } from "#shared/domain/errors";
import type { Stored } from "#shared/domain/stored";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { RefreshTokenReusedError } from "../errors.ts";
import type {
  AttemptLimiter,
  RefreshRecord,
  SessionRecord,
  SessionRepository,
  TenantProfile,
  TenantRepository,
  UserRecord,
  UserRepository,
} from "../ports.ts";

const AT = "2026-01-01T00:00:00.000Z";

function stored<T>(id: string, data: T, version = 1): Stored<T> {
  return { ...data, id, version, createdAt: AT, updatedAt: AT };
}

/** Users keyed by id, with their e-mail claims. */
export function fakeUsers(initial: Record<string, UserRecord> = {}) {
  const items = new Map(Object.entries(initial).map(([id, user]) => [id, stored(id, user)]));
  const ended: string[] = [];
  const users: Pick<UserRepository, "get" | "byEmail" | "update" | "endAllSessions"> = {
    get: async (userId) => items.get(userId),
    async byEmail(email) {
      const found = [...items.values()].find((u) => u.email === email);
      return found && { ...found, userId: found.id };
    },
    async update(userId, changes) {
      const user = items.get(userId);
      if (!user) throw new NotFoundError("User not found");
      const next = { ...user, ...changes, version: user.version + 1 };
      items.set(userId, next);
      return next;
    },
    async endAllSessions(userId) {
      ended.push(userId);
    },
  };
  return { users, items, ended };
}

/** Tenant profiles keyed by tenant id. */
export function fakeTenants(initial: Record<string, TenantProfile> = {}) {
  const profiles = new Map(Object.entries(initial).map(([id, p]) => [id, stored(id, p)]));
  const tenants: Pick<TenantRepository, "profile" | "register"> = {
    profile: async (tenantId) => profiles.get(tenantId),
    async register(registration) {
      const tenantId = parseTenantId(`t${profiles.size + 1}`);
      profiles.set(tenantId, stored(tenantId, { name: registration.tenantName, status: "active" }));
      return { tenantId, userId: `u-${tenantId}` };
    },
  };
  return { tenants, profiles };
}

/** Sessions and refresh tokens, with the rotation contract: a spent token is never rotated twice. */
export function fakeSessions() {
  const sessions = new Map<string, Stored<SessionRecord>>();
  const tokens = new Map<string, Stored<RefreshRecord>>();
  const revoked: string[] = [];
  const revokedJtis: string[] = [];
  const repository: Pick<
    SessionRepository,
    "start" | "refreshToken" | "get" | "rotate" | "revoke" | "revokeAccessToken" | "revokeOthers"
  > = {
    async start(userId, refreshToken, expiresAt, generations) {
      const sessionId = `s${sessions.size + 1}`;
      sessions.set(sessionId, stored(sessionId, { userId, status: "active", generations }));
      tokens.set(refreshToken, stored(refreshToken, { sessionId, userId, used: false, expiresAt }));
      return sessionId;
    },
    refreshToken: async (token) => tokens.get(token),
    get: async (sessionId) => sessions.get(sessionId),
    async rotate(presented, next) {
      const current = tokens.get(presented.token);
      if (!current || current.used || current.version !== presented.version) {
        throw new RefreshTokenReusedError();
      }
      tokens.set(presented.token, { ...current, used: true, version: current.version + 1 });
      tokens.set(next, stored(next, { ...current, used: false }));
    },
    async revoke(sessionId) {
      revoked.push(sessionId);
      const session = sessions.get(sessionId);
      if (session) sessions.set(sessionId, { ...session, status: "revoked" });
    },
    async revokeAccessToken(jti) {
      revokedJtis.push(jti);
    },
    revokeOthers: async () => 0,
  };
  return { sessions: repository, records: sessions, tokens, revoked, revokedJtis };
}

/** A limiter that counts hits per key and allows `limit` of them. */
export function fakeLimiter(limit = 10): AttemptLimiter & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const decide = (count: number) => ({
    allowed: count < limit,
    count,
    retryAfterSeconds: count < limit ? 0 : 60,
  });
  return {
    counts,
    async hit(key) {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { ...decide(count), allowed: count <= limit };
    },
    async enforce(key) {
      const decision = await this.hit(key);
      if (!decision.allowed) throw new RateLimitedError("Too many requests", 60);
      return decision;
    },
    peek: async (key) => decide(counts.get(key) ?? 0),
    async reset(key) {
      counts.delete(key);
    },
  };
}

/** An issuer that signs nothing: the token names its subject, session and generations. */
export function fakeTokens(): AccessTokenIssuer & { issued: TokenSubject[] } {
  const issued: TokenSubject[] = [];
  return {
    issued,
    async issue(subject: TokenSubject, sessionId: string, generations: SessionGenerations) {
      issued.push(subject);
      return {
        token: `${subject.userId}.${sessionId}.${generations.user}`,
        jti: `jti-${issued.length}`,
        expiresAt: 900,
      };
    },
  };
}

/** An audit log that keeps what it was given. */
export function fakeAudit() {
  const entries: AuditEntry[] = [];
  return {
    entries,
    audit: {
      async record(entry: AuditEntry) {
        entries.push(entry);
        return String(entries.length);
      },
    },
  };
}

/** A log that keeps its warnings. */
export function fakeLog() {
  const warnings: string[] = [];
  return { warnings, log: { warn: (message: string) => void warnings.push(message) } };
}

export const TENANT: TenantId = parseTenantId("t1");
