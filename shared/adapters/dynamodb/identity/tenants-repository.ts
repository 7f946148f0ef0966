import { ulid } from "ulid";
import { generationOf } from "#shared/domain/access/session-verdict";
import { STARTER_CREDITS_REASON, type StarterCredits } from "#shared/domain/credits/starter-credits";
import { EmailTakenError } from "#shared/domain/identity/errors";
import type {
  TenantExists,
  TenantNames,
  TenantProfile,
  TenantRepository,
  UserRecord,
} from "#shared/domain/identity/ports";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { createCredits } from "../credits.ts";
import type { WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { retryReadCheckWrite } from "../write-retry.ts";
import {
  emailClaimOp,
  IDENTITY_ENTITIES,
  namesOf,
  newTenantOps,
  readProfile,
  staleTenant,
  TENANT_PROFILE_ID,
  TENANTS_PARTITION,
  type TenantRef,
  tenantNotFound,
  tenantRefOp,
  tenantUserIndex,
  tenantView,
} from "./items.ts";

/**
 * Tenants: each one's `PROFILE` (tenant-scoped, which the authorizer reads per token) and the
 * platform's `TENANT_REF` to it (which the listing shows), kept in step; see `items.ts`.
 */
export function createTenantsRepository(table: SingleTable): TenantRepository {
  const platform = () => table.platform();
  const credits = createCredits(table);
  // A new tenant's starter credits are written with the tenant: there is never a tenant that should
  // have them and has not (none at all when the stage grants none).
  const starterOps = (tenantId: TenantId, starter: StarterCredits | undefined, actorId: string): WriteOp[] =>
    starter && starter.amount > 0
      ? credits.grantOps(tenantId, {
          amount: starter.amount,
          reason: STARTER_CREDITS_REASON,
          actorId: starter.actorId ?? actorId,
          correlationId: starter.correlationId,
        })
      : [];
  return {
    /**
     * Creates a tenant (its profile and its `TENANT_REF`) and its first admin, claims the e-mail and
     * grants the starter credits (the new admin is their actor unless one is named), in one transaction.
     */
    async register(registration) {
      const tenantId = parseTenantId(ulid());
      const userId = ulid();
      const user: UserRecord = {
        email: registration.email,
        name: registration.name,
        role: "admin",
        tenantId,
        passwordHash: registration.passwordHash,
        status: "active",
      };
      await table.transact([
        ...newTenantOps(table, tenantId, registration.tenantName, 1),
        platform().createOp(IDENTITY_ENTITIES.user, userId, user, {
          indexes: tenantUserIndex(tenantId, userId),
        }),
        emailClaimOp(
          table,
          registration.email,
          userId,
          () => new EmailTakenError("This e-mail cannot be registered"),
        ),
        ...starterOps(tenantId, registration.starterCredits, userId),
      ]);
      return { tenantId, userId };
    },

    /** A tenant with no users yet (a super-admin's act), with its starter credits; its users come by invitation. */
    async create(name, starterCredits) {
      const tenantId = parseTenantId(ulid());
      await table.transact([
        ...newTenantOps(table, tenantId, name, 0),
        ...starterOps(tenantId, starterCredits, "platform"),
      ]);
      return tenantId;
    },

    profile: (tenantId) => readProfile(table, tenantId),

    async view(tenantId) {
      const profile = await readProfile(table, tenantId);
      return profile ? tenantView(tenantId, profile) : undefined;
    },

    /**
     * Every tenant, newest first (the `TENANTS` index of `TENANT_REF` items, eventually consistent;
     * tenant ids are ULIDs, so id order is creation order).
     */
    async list(options) {
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
     * Profile and `TENANT_REF` change in one transaction, on the versions read. A suspension also
     * raises the tenant's session generation: its users' sessions end for good. A tenant registered
     * before refs existed gets its ref here.
     */
    async setStatus(tenantId, status) {
      const tenant = table.forTenant(tenantId);
      return retryReadCheckWrite(async () => {
        const [profile, ref] = await Promise.all([
          readProfile(table, tenantId),
          platform().get<TenantRef>(IDENTITY_ENTITIES.tenantRef, tenantId, { consistent: true }),
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
                  IDENTITY_ENTITIES.tenantRef,
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
  };
}

/** Tenant names from their `TENANT_REF` items (`namesOf`). */
export function tenantNames(table: SingleTable): TenantNames {
  return (tenantIds) => namesOf(table, IDENTITY_ENTITIES.tenantRef, tenantIds);
}

export function tenantExists(table: SingleTable): TenantExists {
  return async (tenantId) => (await readProfile(table, tenantId)) !== undefined;
}
