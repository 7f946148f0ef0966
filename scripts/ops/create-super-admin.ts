import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { normalizeEmail } from "#shared/domain/identity/email";
import { hashPassword, passwordSchema } from "#shared/domain/identity/password";

/** A password made for someone to sign in with once and then change: 24 random base64url characters. */
export function temporaryPassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Creates a super-admin (the first one of a stage has no one to create it through the API). The
 * password is generated and returned once unless one is given; it is never logged by this function.
 */
export async function createSuperAdmin(
  client: DynamoDBClient,
  tableName: string,
  input: { email: string; name: string; password?: string },
): Promise<{ userId: string; email: string; password: string }> {
  const email = normalizeEmail(input.email);
  const password = passwordSchema.parse(input.password ?? temporaryPassword());
  const store = createIdentityRepositories(new SingleTable({ client, tableName }));
  const userId = await store.users.createStaff({
    name: input.name,
    email,
    role: "super_admin",
    passwordHash: await hashPassword(password),
  });
  return { userId, email, password };
}
