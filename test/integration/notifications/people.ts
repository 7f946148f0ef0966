/**
 * The people of the notifications tests: tenant A with two admins and a member, tenant B with its
 * admin, a reviewer assigned to A and one assigned to B only — created through the store, signed in
 * through the API.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import type { IdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { hashPassword } from "#shared/domain/identity/password";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { callApi } from "../support.ts";

const PASSWORD = "correct horse battery staple";
const WHO = ["adminA", "adminA2", "memberA", "adminB", "reviewerA", "reviewerB"] as const;

export interface Person {
  id: string;
  token: string;
}
export type People = Record<(typeof WHO)[number], Person>;

async function login(cloud: LocalCloud, email: string): Promise<string> {
  const answer = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: PASSWORD },
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.accessToken;
}

export async function signInPeople(
  cloud: LocalCloud,
  store: IdentityRepositories,
): Promise<{ tenantA: TenantId; tenantB: TenantId; people: People }> {
  const passwordHash = await hashPassword(PASSWORD);
  const emails = Object.fromEntries(
    WHO.map((who) => [who, `${who.toLowerCase()}.${randomUUID()}@example.com`]),
  ) as Record<(typeof WHO)[number], string>;
  const a = await store.tenants.register({
    tenantName: "Acme",
    name: "A",
    email: emails.adminA,
    passwordHash,
  });
  const b = await store.tenants.register({
    tenantName: "Other",
    name: "B",
    email: emails.adminB,
    passwordHash,
  });
  const invite = (role: "admin" | "member", email: string) =>
    store.tenantUsers.invite(a.tenantId, { name: role, email, role, passwordHash });
  const staff = (email: string) =>
    store.users.createStaff({ name: "Reviewer", email, role: "reviewer", passwordHash });
  const ids: Record<(typeof WHO)[number], string> = {
    adminA: a.userId,
    adminA2: await invite("admin", emails.adminA2),
    memberA: await invite("member", emails.memberA),
    adminB: b.userId,
    reviewerA: await staff(emails.reviewerA),
    reviewerB: await staff(emails.reviewerB),
  };
  await store.assignments.assign(ids.reviewerA, a.tenantId);
  await store.assignments.assign(ids.reviewerB, b.tenantId);
  // One at a time: each sign-in hashes with scrypt, and the machine may be busy.
  const people: Partial<People> = {};
  for (const who of WHO) people[who] = { id: ids[who], token: await login(cloud, emails[who]) };
  return { tenantA: a.tenantId, tenantB: b.tenantId, people: people as People };
}
