import { ulid } from "ulid";
import { generationOf } from "#shared/domain/access/session-verdict";
import { NotFoundError } from "#shared/domain/errors";
import { EmailTakenError } from "#shared/domain/identity/errors";
import type { UserNames, UserRecord, UserRepository } from "#shared/domain/identity/ports";
import type { SingleTable } from "../table.ts";
import { retryReadCheckWrite } from "../write-retry.ts";
import {
  emailClaimOp,
  IDENTITY_ENTITIES,
  namesOf,
  readUser,
  STAFF_PARTITION,
  staffIndex,
  userNotFound,
} from "./items.ts";

/**
 * Keys a staff user created before the `STAFF` index existed onto it, so the staff listing shows them
 * (the one-off backfill `npm run ops -- index-staff` calls this). A user changed meanwhile is retried;
 * a user who is not staff is left alone. Answers whether it keyed the user.
 */
export async function keyStaffOnIndex(table: SingleTable, userId: string): Promise<boolean> {
  return retryReadCheckWrite(async () => {
    const user = await readUser(table, userId);
    if (!user || (user.role !== "reviewer" && user.role !== "super_admin")) return false;
    await table.platform().update<UserRecord>(
      IDENTITY_ENTITIES.user,
      userId,
      {},
      {
        expectedVersion: user.version,
        indexes: staffIndex(userId),
      },
    );
    return true;
  });
}

/** Users of every kind (`USER` items) and their e-mail claims (`EMAIL` items); see `items.ts`. */
export function createUsersRepository(table: SingleTable): UserRepository {
  const platform = () => table.platform();
  /** Writes on the version read; a user removed meanwhile is a `NotFoundError` that says "user". */
  const updateRead = (userId: string, changes: Partial<UserRecord>, expectedVersion: number) =>
    platform()
      .update<UserRecord>(IDENTITY_ENTITIES.user, userId, changes, { expectedVersion })
      .catch((error: unknown) => {
        if (error instanceof NotFoundError) throw userNotFound();
        throw error;
      });
  return {
    get: (userId) => readUser(table, userId),

    async byEmail(email) {
      const claim = await platform().get<{ userId: string }>(IDENTITY_ENTITIES.email, email, {
        consistent: true,
      });
      if (!claim) return undefined;
      const user = await readUser(table, claim.userId);
      return user ? { ...user, userId: claim.userId } : undefined;
    },

    /** Staff, oldest first (the `STAFF` index; user ids are ULIDs, so id order is creation order). */
    listStaff: (options) => platform().listByIndex<UserRecord>("gsi2", STAFF_PARTITION, options),

    update: (userId, changes, expectedVersion) =>
      platform().update<UserRecord>(IDENTITY_ENTITIES.user, userId, changes, { expectedVersion }),

    /**
     * Creates platform staff (reviewer or super-admin) and claims the e-mail, in one transaction. The
     * user is keyed on the `STAFF` index, which lists staff without reading anyone else.
     */
    async createStaff(staff) {
      const userId = ulid();
      await table.transact([
        platform().createOp(
          IDENTITY_ENTITIES.user,
          userId,
          {
            email: staff.email,
            name: staff.name,
            role: staff.role,
            passwordHash: staff.passwordHash,
            status: "active",
          } satisfies UserRecord,
          { indexes: staffIndex(userId) },
        ),
        emailClaimOp(table, staff.email, userId, () => new EmailTakenError("This e-mail is already in use")),
      ]);
      return userId;
    },

    /**
     * Suspends or reactivates a user of any kind, on the version read. A suspension also raises the
     * user's session generation: every session ends for good, and after reactivation the person signs
     * in again.
     */
    async setStatus(userId, status) {
      return retryReadCheckWrite(async () => {
        const user = await readUser(table, userId);
        if (!user) throw userNotFound();
        if (user.status === status) return { user, changed: false };
        const changes =
          status === "suspended" ? { status, sessionGeneration: generationOf(user) + 1 } : { status };
        return { user: await updateRead(userId, changes, user.version), changed: true };
      });
    },

    /**
     * Ends every session of the user, wherever it is and however recent: raises the user's session
     * generation (on the version read, retried when the user changed meanwhile). A session started
     * after this returns carries the new generation and lives.
     */
    async endAllSessions(userId) {
      await retryReadCheckWrite(async () => {
        const user = await readUser(table, userId);
        if (!user) throw userNotFound();
        await updateRead(userId, { sessionGeneration: generationOf(user) + 1 }, user.version);
      });
    },
  };
}

/** Users' names (`namesOf`). */
export function userNames(table: SingleTable): UserNames {
  return (userIds) => namesOf(table, IDENTITY_ENTITIES.user, userIds);
}
