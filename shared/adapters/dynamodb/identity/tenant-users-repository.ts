import { ulid } from "ulid";
import { generationOf } from "#shared/domain/access/session-verdict";
import { EmailTakenError } from "#shared/domain/identity/errors";
import type { TenantProfile, TenantUserRepository, UserRecord } from "#shared/domain/identity/ports";
import { adminCountAfter, type MembershipChange } from "#shared/domain/identity/tenant-admins";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Stored, WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { retryReadCheckWrite } from "../write-retry.ts";
import {
  emailClaimOp,
  IDENTITY_ENTITIES,
  readProfile,
  readUser,
  staleOrGone,
  TENANT_PROFILE_ID,
  tenantUserIndex,
  tenantUsersPartition,
  userNotFound,
} from "./items.ts";

/**
 * The users of one tenant. Every write that changes who is an admin writes the tenant's `adminCount`
 * in the same transaction, on the profile version the count was read at, after the domain's
 * last-admin rule (`adminCountAfter`) allowed it: two concurrent demotions cannot both pass (the
 * loser retries, reads 1 and gets `LastAdminError`). A write that leaves the count alone still
 * requires the profile to exist.
 */
export function createTenantUsersRepository(table: SingleTable): TenantUserRepository {
  const platform = () => table.platform();

  /** A user of `tenantId` and the tenant's profile, consistently read; another tenant's user → 404. */
  const readTenantUser = async (tenantId: TenantId, userId: string) => {
    const [user, profile] = await Promise.all([readUser(table, userId), readProfile(table, tenantId)]);
    if (user?.tenantId !== tenantId || !profile) throw userNotFound();
    return { user, profile };
  };

  /** The profile write that goes with a membership change: the new admin count, or a plain guard. */
  const profileOp = (
    tenantId: TenantId,
    profile: Stored<TenantProfile>,
    change: MembershipChange,
    onMissing: () => Error,
  ): WriteOp => {
    if (change.from !== "admin" && change.to !== "admin") {
      return table
        .forTenant(tenantId)
        .requireOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, onMissing);
    }
    if (profile.adminCount === undefined) {
      // A profile from before the count cannot be judged safely.
      throw new Error(`Tenant ${tenantId} has no adminCount`);
    }
    return table
      .forTenant(tenantId)
      .updateOp<TenantProfile>(
        IDENTITY_ENTITIES.tenantProfile,
        TENANT_PROFILE_ID,
        { adminCount: adminCountAfter(profile.adminCount, change) },
        { expectedVersion: profile.version },
      );
  };

  return {
    /** A user of this tenant, or `undefined` — also when the user belongs to another tenant. */
    async get(tenantId, userId) {
      const user = await readUser(table, userId);
      return user?.tenantId === tenantId ? { ...user, userId } : undefined;
    },

    /** A page of the tenant's users (the `TENANT_USERS` index, eventually consistent), by user id. */
    list: (tenantId, options) =>
      platform().listByIndex<UserRecord>("gsi2", tenantUsersPartition(tenantId), options),

    /** Creates the user and claims the e-mail, in one transaction; an admin raises the count. */
    async invite(tenantId, invited) {
      return retryReadCheckWrite(async () => {
        const userId = ulid();
        const profile = await readProfile(table, tenantId);
        const noProfile = () => new Error(`Tenant ${tenantId} has no profile`);
        if (!profile) throw noProfile();
        await table.transact([
          platform().createOp(
            IDENTITY_ENTITIES.user,
            userId,
            {
              email: invited.email,
              name: invited.name,
              role: invited.role,
              tenantId,
              passwordHash: invited.passwordHash,
              status: "active",
            } satisfies UserRecord,
            { indexes: tenantUserIndex(tenantId, userId) },
          ),
          emailClaimOp(
            table,
            invited.email,
            userId,
            () => new EmailTakenError("This e-mail is already in use"),
          ),
          profileOp(tenantId, profile, { to: invited.role }, noProfile),
        ]);
        return userId;
      });
    },

    /**
     * Changes the role with the admin count, and raises the user's session generation so sessions and
     * tokens carrying the old role die. The role the user already has changes nothing.
     */
    async changeRole(tenantId, userId, role) {
      return retryReadCheckWrite(async () => {
        const { user, profile } = await readTenantUser(tenantId, userId);
        if (user.role === role) return { from: user.role, to: role };
        const countOp = profileOp(tenantId, profile, { from: user.role, to: role }, userNotFound);
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
          countOp,
        ]);
        return { from: user.role, to: role };
      });
    },

    /**
     * Removes the user and frees the e-mail, in one transaction; removing an admin lowers the count.
     * Without its `USER` item every token of the user is refused.
     */
    async remove(tenantId, userId) {
      return retryReadCheckWrite(async () => {
        const { user, profile } = await readTenantUser(tenantId, userId);
        const countOp = profileOp(tenantId, profile, { from: user.role }, userNotFound);
        await table.transact([
          {
            ...platform().deleteOp(IDENTITY_ENTITIES.user, userId, { expectedVersion: user.version }),
            onConditionFailed: staleOrGone,
          },
          {
            ...platform().deleteOp(IDENTITY_ENTITIES.email, user.email),
            onConditionFailed: () => new Error(`User ${userId} has no e-mail claim`),
          },
          countOp,
        ]);
        return { email: user.email, role: user.role };
      });
    },
  };
}
