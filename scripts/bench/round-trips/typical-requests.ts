/**
 * One typical request per declared route: who calls it, on which data, with which body. `prepare`
 * runs before the counts are taken, so the data a request needs (a fresh member to delete, content in
 * review to approve) costs the route nothing. A route missing here makes the measurement fail: a new
 * route must say what its typical request is.
 */
import { ulid } from "ulid";
import { type Actor, BLOG_POST, PASSWORD, type World } from "./world.ts";

export interface TypicalRequest {
  /** The caller; absent for a public route. */
  as?: Actor;
  /** The path with its parameters and query string. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

type Prepare = (w: World) => Promise<TypicalRequest>;

const AGENT = "blog-writer";
const BLOG_INPUT = { topic: "Desk stretches", keywords: ["desk stretches"], length: "short" };
const PROFILE = {
  businessName: "Plain Studio",
  summary: "A small studio.",
  industry: "Fitness",
  audiences: ["Neighbours"],
  offerings: ["Classes"],
  differentiators: ["Close by"],
  keywords: ["studio"],
  voice: { tone: ["plain"], do: ["Be brief"], avoid: [] },
};
const DAY = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const EDITED = { ...BLOG_POST, title: "Desk stretches that work" };

const KNOWLEDGE = {
  title: "Class prices",
  format: "markdown",
  body: "# Prices\n\nA class costs 12 pounds; ten cost 100.",
};

/** A knowledge document of the world's tenant, and its id. */
async function newDocument(w: World): Promise<string> {
  const added = (await w.api(w.member, "POST", "/api/tenant/v1/knowledge", KNOWLEDGE)) as {
    documentId: string;
  };
  return added.documentId;
}

const tenantPath = (w: World, rest: string) => `/api/dm/v1/tenants/${w.tenant}${rest}`;

/** A content item in review and the path of a route on it (tenant or reviewer side). */
async function onContent(w: World, side: "tenant" | "dm", rest = ""): Promise<string> {
  const id = await w.newContent();
  return side === "tenant" ? `/api/tenant/v1/content/${id}${rest}` : tenantPath(w, `/content/${id}${rest}`);
}

/**
 * A content item the reviewer approved — `approved` under the `reviewer` policy, waiting for the
 * tenant under `reviewer-then-tenant` — optionally scheduled, and the tenant's path of a route on it.
 */
async function reviewed(
  w: World,
  policy: "reviewer" | "reviewer-then-tenant",
  rest: string,
  scheduled = false,
) {
  const id = await w.newContent(policy);
  // The reviewer's approval follows the tenant's policy of the moment; the default is put back after.
  const setPolicy = (to: string) => w.api(w.owner, "PUT", "/api/tenant/v1/review-policy", { policy: to });
  if (policy !== "reviewer") await setPolicy(policy);
  await w.api(w.reviewer, "POST", tenantPath(w, `/content/${id}/approve`), { version: 1 });
  if (policy !== "reviewer") await setPolicy("reviewer");
  if (scheduled) await w.api(w.owner, "PUT", `/api/tenant/v1/content/${id}/schedule`, { scheduledFor: DAY });
  return `/api/tenant/v1/content/${id}${rest}`;
}

export const TYPICAL_REQUESTS: Record<string, Prepare> = {
  "GET /api/health/live": async () => ({ path: "/api/health/live" }),
  "GET /api/health/ready": async () => ({ path: "/api/health/ready" }),
  "POST /api/auth/v1/register": async () => ({
    path: "/api/auth/v1/register",
    body: {
      tenantName: "New Co",
      name: "Owner",
      email: `new.${ulid().toLowerCase()}@example.com`,
      password: PASSWORD,
    },
  }),
  "POST /api/auth/v1/login": async (w) => ({
    path: "/api/auth/v1/login",
    body: { email: w.owner.email, password: PASSWORD },
  }),
  "POST /api/auth/v1/refresh": async (w) => {
    const login = await fetch(`${w.cloud.urls.api}/api/auth/v1/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: w.owner.email, password: PASSWORD }),
    });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("lm_refresh="));
    return {
      path: "/api/auth/v1/refresh",
      headers: { cookie: cookie?.split(";")[0] ?? "", "x-requested-with": "leadmetrics" },
    };
  },
  "POST /api/auth/v1/logout": async (w) => ({ as: w.member, path: "/api/auth/v1/logout" }),
  "POST /api/auth/v1/logout-all": async (w) => ({ as: await w.newMember(), path: "/api/auth/v1/logout-all" }),
  "POST /api/auth/v1/password": async (w) => ({
    as: await w.newMember(),
    path: "/api/auth/v1/password",
    body: { currentPassword: PASSWORD, newPassword: `${PASSWORD} again` },
  }),
  "GET /api/auth/v1/me": async (w) => ({ as: w.member, path: "/api/auth/v1/me" }),
  "GET /api/auth/v1/jwks": async () => ({ path: "/api/auth/v1/jwks" }),
  "GET /api/tenant/v1/users": async (w) => ({ as: w.member, path: "/api/tenant/v1/users" }),
  "POST /api/tenant/v1/users": async (w) => ({
    as: w.owner,
    path: "/api/tenant/v1/users",
    body: { name: "Invited", email: `invited.${ulid().toLowerCase()}@example.com`, role: "member" },
  }),
  "DELETE /api/tenant/v1/users/{userId}": async (w) => ({
    as: w.owner,
    path: `/api/tenant/v1/users/${(await w.newMember()).userId}`,
  }),
  "PUT /api/tenant/v1/users/{userId}/role": async (w) => ({
    as: w.owner,
    path: `/api/tenant/v1/users/${(await w.newMember()).userId}/role`,
    body: { role: "admin" },
  }),
  "GET /api/tenant/v1/audit": async (w) => ({ as: w.owner, path: "/api/tenant/v1/audit" }),
  "GET /api/tenant/v1/agents": async (w) => ({ as: w.member, path: "/api/tenant/v1/agents" }),
  "POST /api/tenant/v1/agents/{role}/runs": async (w) => ({
    as: w.member,
    path: `/api/tenant/v1/agents/${AGENT}/runs`,
    body: { input: { ...BLOG_INPUT, topic: `Desk stretches ${ulid()}` } },
  }),
  "GET /api/tenant/v1/runs": async (w) => ({ as: w.member, path: "/api/tenant/v1/runs" }),
  "GET /api/tenant/v1/runs/{runId}": async (w) => {
    const runId = w.saved.runId;
    if (!runId) throw new Error("setup: the run route started no run");
    await w.runOver(runId);
    return { as: w.member, path: `/api/tenant/v1/runs/${runId}` };
  },
  "GET /api/tenant/v1/live": async (w) => ({ as: w.member, path: "/api/tenant/v1/live" }),
  "GET /api/tenant/v1/credits": async (w) => ({ as: w.member, path: "/api/tenant/v1/credits" }),
  "GET /api/admin/v1/tenants": async (w) => ({ as: w.superAdmin, path: "/api/admin/v1/tenants" }),
  "POST /api/admin/v1/tenants": async (w) => ({
    as: w.superAdmin,
    path: "/api/admin/v1/tenants",
    body: { name: "Made Co", admin: { name: "Admin", email: `made.${ulid().toLowerCase()}@example.com` } },
  }),
  "GET /api/admin/v1/tenants/{tenantId}": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}`,
  }),
  "POST /api/admin/v1/tenants/{tenantId}/suspend": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${(await w.newTenant()).tenant}/suspend`,
  }),
  "POST /api/admin/v1/tenants/{tenantId}/reactivate": async (w) => {
    const { tenant } = await w.newTenant();
    await w.store.tenants.setStatus(tenant, "suspended");
    return { as: w.superAdmin, path: `/api/admin/v1/tenants/${tenant}/reactivate` };
  },
  "GET /api/admin/v1/tenants/{tenantId}/reviewers": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}/reviewers`,
  }),
  "PUT /api/admin/v1/tenants/{tenantId}/reviewers/{reviewerId}": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}/reviewers/${(await w.newStaff("reviewer")).userId}`,
  }),
  "DELETE /api/admin/v1/tenants/{tenantId}/reviewers/{reviewerId}": async (w) => {
    const reviewer = await w.newStaff("reviewer");
    await w.store.assignments.assign(reviewer.userId, w.tenant);
    return { as: w.superAdmin, path: `/api/admin/v1/tenants/${w.tenant}/reviewers/${reviewer.userId}` };
  },
  "GET /api/admin/v1/staff": async (w) => ({ as: w.superAdmin, path: "/api/admin/v1/staff" }),
  "POST /api/admin/v1/staff": async (w) => ({
    as: w.superAdmin,
    path: "/api/admin/v1/staff",
    body: {
      name: "Reviewer",
      email: `staff.${ulid().toLowerCase()}@example.com`,
      role: "reviewer",
      password: PASSWORD,
    },
  }),
  "POST /api/admin/v1/users/{userId}/suspend": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/users/${(await w.newMember()).userId}/suspend`,
  }),
  "POST /api/admin/v1/users/{userId}/reactivate": async (w) => {
    const member = await w.newMember();
    await w.store.users.setStatus(member.userId, "suspended");
    return { as: w.superAdmin, path: `/api/admin/v1/users/${member.userId}/reactivate` };
  },
  "POST /api/admin/v1/users/{userId}/unlock": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/users/${(await w.newMember()).userId}/unlock`,
  }),
  "GET /api/admin/v1/audit": async (w) => ({ as: w.superAdmin, path: "/api/admin/v1/audit" }),
  "GET /api/admin/v1/queues": async (w) => ({ as: w.superAdmin, path: "/api/admin/v1/queues" }),
  "GET /api/admin/v1/queues/{role}/dlq": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/queues/${AGENT}/dlq`,
  }),
  "GET /api/admin/v1/tenants/{tenantId}/credits": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}/credits`,
  }),
  "POST /api/admin/v1/tenants/{tenantId}/credits": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}/credits`,
    body: { amount: 10, reason: "Goodwill" },
  }),
  "POST /api/admin/v1/queues/{role}/redrive": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/queues/${AGENT}/redrive`,
  }),
  "GET /api/tenant/v1/brand": async (w) => ({ as: w.member, path: "/api/tenant/v1/brand" }),
  "PUT /api/tenant/v1/brand": async (w) => ({
    as: w.owner,
    path: "/api/tenant/v1/brand",
    body: { baseVersion: 0, profile: PROFILE },
  }),
  "GET /api/tenant/v1/brand/versions": async (w) => ({ as: w.member, path: "/api/tenant/v1/brand/versions" }),
  "GET /api/tenant/v1/brand/versions/{version}": async (w) => ({
    as: w.member,
    path: "/api/tenant/v1/brand/versions/1",
  }),
  "GET /api/dm/v1/tenants/{tenantId}/brand/versions/{version}": async (w) => ({
    as: w.reviewer,
    path: `/api/dm/v1/tenants/${w.tenant}/brand/versions/1`,
  }),
  "POST /api/tenant/v1/brand/versions/{version}/accept": async (w) => ({
    as: w.owner,
    path: "/api/tenant/v1/brand/versions/1/accept",
    body: {},
  }),
  "POST /api/tenant/v1/brand/versions/{version}/dismiss": async (w) => ({
    as: w.owner,
    path: "/api/tenant/v1/brand/versions/1/dismiss",
    body: {},
  }),
  "GET /api/tenant/v1/content": async (w) => ({ as: w.member, path: "/api/tenant/v1/content" }),
  "GET /api/tenant/v1/content/{contentId}": async (w) => ({
    as: w.member,
    path: await onContent(w, "tenant"),
  }),
  "GET /api/tenant/v1/content/{contentId}/versions/{version}": async (w) => ({
    as: w.member,
    path: await onContent(w, "tenant", "/versions/1"),
  }),
  "GET /api/tenant/v1/content/{contentId}/diff": async (w) => ({
    as: w.member,
    path: await onContent(w, "tenant", "/diff?from=1&to=1"),
  }),
  "POST /api/tenant/v1/content/{contentId}/comments": async (w) => ({
    as: w.member,
    path: await onContent(w, "tenant", "/comments"),
    body: { body: "Looks good" },
  }),
  "POST /api/tenant/v1/content/{contentId}/approve": async (w) => ({
    as: w.owner,
    path: await reviewed(w, "reviewer-then-tenant", "/approve"),
    body: { version: 1 },
  }),
  "POST /api/tenant/v1/content/{contentId}/request-changes": async (w) => ({
    as: w.owner,
    path: await reviewed(w, "reviewer-then-tenant", "/request-changes"),
    body: { version: 1, feedback: "Shorter, please" },
  }),
  "PUT /api/tenant/v1/content/{contentId}": async (w) => ({
    as: w.owner,
    path: await reviewed(w, "reviewer-then-tenant", ""),
    body: { version: 1, body: EDITED },
  }),
  "PUT /api/tenant/v1/content/{contentId}/schedule": async (w) => ({
    as: w.owner,
    path: await reviewed(w, "reviewer", "/schedule"),
    body: { scheduledFor: DAY },
  }),
  "DELETE /api/tenant/v1/content/{contentId}/schedule": async (w) => ({
    as: w.owner,
    path: await reviewed(w, "reviewer", "/schedule", true),
  }),
  "POST /api/tenant/v1/content/{contentId}/archive": async (w) => ({
    as: w.owner,
    path: await onContent(w, "tenant", "/archive"),
  }),
  "GET /api/tenant/v1/calendar": async (w) => ({
    as: w.member,
    path: `/api/tenant/v1/calendar?from=${DAY}&to=${DAY}`,
  }),
  "GET /api/tenant/v1/review-policy": async (w) => ({ as: w.member, path: "/api/tenant/v1/review-policy" }),
  "PUT /api/tenant/v1/review-policy": async (w) => ({
    as: w.owner,
    path: "/api/tenant/v1/review-policy",
    body: { policy: "reviewer" },
  }),
  "GET /api/dm/v1/queue": async (w) => ({ as: w.reviewer, path: "/api/dm/v1/queue" }),
  "GET /api/dm/v1/tenants/{tenantId}/content/{contentId}": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm"),
  }),
  "GET /api/dm/v1/tenants/{tenantId}/content/{contentId}/versions/{version}": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm", "/versions/1"),
  }),
  "GET /api/dm/v1/tenants/{tenantId}/content/{contentId}/diff": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm", "/diff?from=1&to=1"),
  }),
  "POST /api/dm/v1/tenants/{tenantId}/content/{contentId}/approve": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm", "/approve"),
    body: { version: 1 },
  }),
  "POST /api/dm/v1/tenants/{tenantId}/content/{contentId}/request-changes": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm", "/request-changes"),
    body: { version: 1, feedback: "Shorter, please" },
  }),
  "PUT /api/dm/v1/tenants/{tenantId}/content/{contentId}": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm"),
    body: { version: 1, body: EDITED },
  }),
  "POST /api/dm/v1/tenants/{tenantId}/content/{contentId}/comments": async (w) => ({
    as: w.reviewer,
    path: await onContent(w, "dm", "/comments"),
    body: { body: "Looks good" },
  }),
  "GET /api/admin/v1/tenants/{tenantId}/review-policy": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}/review-policy`,
  }),
  "PUT /api/admin/v1/tenants/{tenantId}/review-policy": async (w) => ({
    as: w.superAdmin,
    path: `/api/admin/v1/tenants/${w.tenant}/review-policy`,
    body: { policy: "reviewer", locked: false },
  }),
  "GET /api/tenant/v1/notifications": async (w) => ({ as: w.member, path: "/api/tenant/v1/notifications" }),
  "POST /api/tenant/v1/notifications/{notificationId}/read": async (w) => ({
    as: w.member,
    path: `/api/tenant/v1/notifications/${await w.newNotification(w.member)}/read`,
  }),
  "POST /api/tenant/v1/notifications/read-all": async (w) => {
    await w.newNotification(w.member);
    return { as: w.member, path: "/api/tenant/v1/notifications/read-all" };
  },
  "GET /api/dm/v1/notifications": async (w) => ({ as: w.reviewer, path: "/api/dm/v1/notifications" }),
  "POST /api/dm/v1/notifications/{notificationId}/read": async (w) => ({
    as: w.reviewer,
    path: `/api/dm/v1/notifications/${await w.newNotification(w.reviewer)}/read`,
  }),
  "POST /api/dm/v1/notifications/read-all": async (w) => {
    await w.newNotification(w.reviewer);
    return { as: w.reviewer, path: "/api/dm/v1/notifications/read-all" };
  },
  "POST /api/realtime/v1/ticket": async (w) => ({ as: w.member, path: "/api/realtime/v1/ticket" }),
  "POST /api/tenant/v1/knowledge": async (w) => ({
    as: w.member,
    path: "/api/tenant/v1/knowledge",
    body: KNOWLEDGE,
  }),
  "GET /api/tenant/v1/knowledge": async (w) => ({ as: w.member, path: "/api/tenant/v1/knowledge" }),
  "GET /api/tenant/v1/knowledge/{documentId}": async (w) => ({
    as: w.member,
    path: `/api/tenant/v1/knowledge/${await newDocument(w)}`,
  }),
  "DELETE /api/tenant/v1/knowledge/{documentId}": async (w) => ({
    as: w.owner,
    path: `/api/tenant/v1/knowledge/${await newDocument(w)}`,
  }),
  "GET /api/tenant/v1/search": async (w) => ({ as: w.member, path: "/api/tenant/v1/search?q=stretches" }),
  "GET /api/dm/v1/search": async (w) => ({ as: w.reviewer, path: "/api/dm/v1/search?q=stretches" }),
};
