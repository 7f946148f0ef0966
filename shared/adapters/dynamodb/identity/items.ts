import { NotFoundError, StaleVersionError } from "#shared/domain/errors";
import type { Status, TenantProfile, TenantView, UserRecord } from "#shared/domain/identity/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { IndexKeys, Stored, WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";

/**
 * Identity items on the single table, which the repositories beside this file share.
 *
 * | item | scope | key (entity / id) | holds |
 * |---|---|---|---|
 * | user | platform | `USER` / userId | e-mail, name, role, tenantId?, password hash, status, sessionGeneration?; tenant users on gsi2 `TENANT_USERS#<tenantId>` / userId, staff on gsi2 `STAFF` / userId |
 * | e-mail uniqueness | platform | `EMAIL` / normalized e-mail | userId |
 * | tenant profile | tenant | `PROFILE` / `tenant` | name, status, adminCount, sessionGeneration? |
 * | tenant reference | platform | `TENANT_REF` / tenantId | name, status (in step with the profile); gsi1 `TENANTS` / tenantId |
 * | reviewer assignment | platform | `ASSIGNMENT` / `<reviewerId>:<tenantId>` | reviewerId, tenantId; gsi1 `ASSIGN_TENANT#<tenantId>` / reviewerId; gsi2 `ASSIGN_REVIEWER#<reviewerId>` / tenantId |
 * | revoked access token | platform | `REVOKED_JTI` / jti | expires with the token |
 * | session (refresh-token family) | platform | `SESSION` / sessionId | userId, status, generations; expires with its last refresh token; gsi1 `USER_SESSIONS#<userId>` / sessionId |
 * | refresh token | platform | `REFRESH` / sha256(token) | sessionId, userId, used; expires |
 */
export const IDENTITY_ENTITIES = {
  user: "USER",
  email: "EMAIL",
  tenantProfile: "PROFILE",
  tenantRef: "TENANT_REF",
  assignment: "ASSIGNMENT",
  revokedJti: "REVOKED_JTI",
  session: "SESSION",
  refresh: "REFRESH",
} as const;
export const TENANT_PROFILE_ID = "tenant";
/** The index partition (gsi1, platform scope) of every tenant's `TENANT_REF`, sorted by tenant id. */
export const TENANTS_PARTITION = "TENANTS";

/** A platform item per tenant: a copy of the profile's name and status, listed on the `TENANTS` index. */
export interface TenantRef {
  name: string;
  status: Status;
}

/**
 * The `name` of each of these platform items of one entity (users, tenant refs), eventually
 * consistent (a name shown beside a record, not a decision); the reads start together, so they share
 * one `BatchGetItem` with any other read of the same turn. An id with no item is left out.
 */
export async function namesOf<K extends string>(
  table: SingleTable,
  entity: (typeof IDENTITY_ENTITIES)["user" | "tenantRef"],
  ids: readonly K[],
): Promise<ReadonlyMap<K, string>> {
  const unique = [...new Set(ids)];
  const items = await Promise.all(unique.map((id) => table.platform().get<{ name: string }>(entity, id)));
  return new Map(
    unique.flatMap((id, i) => {
      const item = items[i];
      return item ? [[id, item.name] as const] : [];
    }),
  );
}

/** A user, read consistently. */
export function readUser(table: SingleTable, userId: string): Promise<Stored<UserRecord> | undefined> {
  return table.platform().get<UserRecord>(IDENTITY_ENTITIES.user, userId, { consistent: true });
}

/** A tenant's profile, read consistently (or, for the authorizer's per-token read, eventually). */
export function readProfile(
  table: SingleTable,
  tenantId: TenantId,
  options: { consistent: boolean } = { consistent: true },
): Promise<Stored<TenantProfile> | undefined> {
  return table
    .forTenant(tenantId)
    .get<TenantProfile>(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, options);
}

/** The index partition of a tenant's users (gsi2, platform scope). */
export function tenantUsersPartition(tenantId: TenantId): string {
  return `TENANT_USERS#${tenantId}`;
}

/** The index partition (gsi2, platform scope) of every staff user (reviewers and super-admins), by user id. */
export const STAFF_PARTITION = "STAFF";

/** The index keys a staff user's `USER` item carries, so the platform can list its staff. */
export function staffIndex(userId: string): IndexKeys {
  return { gsi2: { pk: STAFF_PARTITION, sk: userId } };
}

/** The index keys a tenant user's `USER` item carries, so the tenant can list its users. */
export function tenantUserIndex(tenantId: TenantId, userId: string): IndexKeys {
  return { gsi2: { pk: tenantUsersPartition(tenantId), sk: userId } };
}

/** The write that claims an e-mail for a user; a claim that exists → `onTaken`. */
export function emailClaimOp(
  table: SingleTable,
  email: string,
  userId: string,
  onTaken: () => Error,
): WriteOp {
  return {
    ...table.platform().createOp(IDENTITY_ENTITIES.email, email, { userId }),
    onConditionFailed: onTaken,
  };
}

/** The writes that create a tenant: its profile and its `TENANT_REF`, which stay in step. */
export function newTenantOps(
  table: SingleTable,
  tenantId: TenantId,
  name: string,
  adminCount: number,
): WriteOp[] {
  return [
    table.forTenant(tenantId).createOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, {
      name,
      status: "active",
      adminCount,
    } satisfies TenantProfile),
    tenantRefOp(table, tenantId, { name, status: "active" }),
  ];
}

export function tenantRefOp(table: SingleTable, tenantId: TenantId, ref: TenantRef): WriteOp {
  return table.platform().createOp(IDENTITY_ENTITIES.tenantRef, tenantId, ref, {
    indexes: { gsi1: { pk: TENANTS_PARTITION, sk: tenantId } },
  });
}

export function tenantView(tenantId: string, item: Stored<TenantRef>): TenantView {
  return { id: tenantId, name: item.name, status: item.status, createdAt: item.createdAt };
}

export const userNotFound = () => new NotFoundError("User not found");
export const tenantNotFound = () => new NotFoundError("Tenant not found");
export const staleTenant = () => new StaleVersionError("The tenant was changed meanwhile; retry");
/** A user write whose condition failed: changed meanwhile (retried) or removed meanwhile (404). */
export const staleOrGone = (existed: boolean) =>
  existed ? new StaleVersionError("The user was changed meanwhile; retry") : userNotFound();
