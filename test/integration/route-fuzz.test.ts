/**
 * A schema fuzz of every route of the REAL declaration, through the local gateway and the real
 * authorizer: the inputs come from each route's declared schemas (`fuzz/route-inputs.ts`), so a route
 * added later is fuzzed without anyone remembering. The caller holds a valid token of a role the route
 * admits, so the input alone is on trial. Asserted for every request: no 5xx, and every 4xx in the
 * standard error shape (or, before any function runs, API Gateway's own 404 for an empty path segment
 * and 413 for its size quota); for every request the declared schemas refuse: a 4xx, and nothing
 * written.
 */
import { request } from "node:http";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { platform } from "#shared/contracts/platform";
import { hashPassword } from "#shared/domain/identity/password";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { listRoutes } from "#shared/platform/declaration/validate";
import { type FuzzCase, fuzzCases, validParams } from "./fuzz/route-inputs.ts";
import { callApi, clientConfig } from "./support.ts";

const PASSWORD = "correct horse battery staple";
const CONCURRENCY = 8;

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let tenant: { id: string; userId: string; token: string };
let superAdminToken: string;

interface Outcome {
  route: string;
  fuzz: FuzzCase;
  status: number;
  body: string;
}

async function itemCount(): Promise<number> {
  // Test-only: counts everything in the table to prove refused requests wrote nothing.
  const result = await dynamodb.send(
    new ScanCommand({ TableName: cloud.locator.tableName, Select: "COUNT" }),
  );
  return result.Count ?? 0;
}

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 30 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const store = createIdentityRepositories(
    new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName }),
  );
  const email = `fuzz.${Date.now()}@example.com`;
  const registered = await callApi<{ accessToken: string; user: { id: string; tenantId: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/register",
    { body: { tenantName: "Fuzz", name: "Owner", email, password: PASSWORD } },
  );
  if (registered.status !== 201) throw new Error(`register answered ${registered.text}`);
  tenant = {
    id: registered.json.user.tenantId,
    userId: registered.json.user.id,
    token: registered.json.accessToken,
  };
  const staffEmail = `fuzz.root.${Date.now()}@example.com`;
  await store.users.createStaff({
    name: "Root",
    email: staffEmail,
    role: "super_admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  const signedIn = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email: staffEmail, password: PASSWORD },
  });
  if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.text}`);
  superAdminToken = signedIn.json.accessToken;
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

/** A token of a role the route admits: the tenant's admin for tenant roles, a super-admin for staff. */
function tokenFor(route: RouteDeclaration): string | undefined {
  const role = route.access?.role;
  if (role === undefined) return undefined;
  return role === "reviewer" || role === "super_admin" ? superAdminToken : tenant.token;
}

function pathOf(route: RouteDeclaration, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => encodeSegment(params[name] ?? ""));
}

/** A path segment, percent-encoded; a lone surrogate goes as the (invalid UTF-8) bytes a client could send. */
function encodeSegment(value: string): string {
  return value
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}

async function send(route: RouteDeclaration, base: Record<string, string>, fuzz: FuzzCase): Promise<Outcome> {
  const query = fuzz.query ? `?${new URLSearchParams(fuzz.query).toString()}` : "";
  const token = tokenFor(route);
  const headers: Record<string, string> = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(fuzz.body ? { "content-type": fuzz.body.contentType } : {}),
  };
  const url = `${cloud.urls.api}${pathOf(route, fuzz.params ?? base)}${query}`;
  // A connection the gateway drops is an outcome too (status 0), reported with the case that caused it.
  const answer = await rawRequest(url, route.method, headers, fuzz.body?.text).catch((error: unknown) => ({
    status: 0,
    body: String(error),
  }));
  return { route: `${route.method} ${route.path}`, fuzz, ...answer };
}

/** An HTTP request as a client may send it — a GET with a body too, which `fetch` will not send. */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const req = request(url, { method, headers: { ...headers, ...length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function runAll(jobs: readonly (() => Promise<Outcome>)[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++)
      outcomes.push(await (jobs[i] as () => Promise<Outcome>)());
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

/**
 * API Gateway's own refusals, which happen before any function runs and keep API Gateway's bodies
 * (README, "The API"): no route for the path (an empty path segment) and the request-size quotas.
 */
const GATEWAY_ANSWERS = new Set([
  `404 ${JSON.stringify({ message: "Not Found" })}`,
  `413 ${JSON.stringify({ message: "Request Entity Too Large" })}`,
]);

/** Whether a body is the standard error shape `{ error: { code, message, requestId } }`. */
function isStandardError(body: string): boolean {
  try {
    const error = (JSON.parse(body) as { error?: Record<string, unknown> }).error;
    return (
      typeof error?.code === "string" &&
      typeof error.message === "string" &&
      typeof error.requestId === "string"
    );
  } catch {
    return false;
  }
}

/** The problems a `VALIDATION_ERROR` answer lists (none for any other answer). */
function validationProblems(body: string): unknown[] {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; fields?: unknown } }).error;
    return error?.code === "VALIDATION_ERROR" && Array.isArray(error.fields) ? error.fields : [];
  } catch {
    return [];
  }
}

/** A problem told as the README promises: where (the client's own path) and, in words, what. */
function isWorded(problem: unknown): boolean {
  const { in: where, path, message } = (problem ?? {}) as Record<string, unknown>;
  return (
    typeof where === "string" &&
    typeof path === "string" &&
    path !== "" &&
    typeof message === "string" &&
    message !== "" &&
    // zod/mini's own word for every issue the schema does not word: never sent.
    message !== "Invalid input"
  );
}

const describeOutcome = (o: Outcome) =>
  `${o.route} with ${o.fuzz.name} → ${o.status} ${o.body.slice(0, 200)}`;

describe("a schema fuzz of every declared route", () => {
  it("answers every malformed or boundary input with a 4xx in the standard shape (each problem by its path, in words), never a 5xx, and writes nothing for what the schemas refuse", async () => {
    const routes = listRoutes(platform);
    const planned = routes.map(({ route }) => {
      const base = validParams(route, [tenant.id, tenant.userId]);
      return { route, base, cases: fuzzCases(route, base) };
    });
    const invalid = planned.flatMap(({ route, base, cases }) =>
      cases.filter((c) => c.invalid).map((fuzz) => () => send(route, base, fuzz)),
    );
    const accepted = planned.flatMap(({ route, base, cases }) =>
      cases.filter((c) => !c.invalid).map((fuzz) => () => send(route, base, fuzz)),
    );

    const before = await itemCount();
    const refused = await runAll(invalid);
    const written = (await itemCount()) - before;
    // Inputs the schemas accept (a free-text field alone, say) reach the handlers: they may succeed
    // or be refused by the rules behind them, but never with a 5xx.
    const passed = await runAll(accepted);
    const all = [...refused, ...passed];
    console.log(
      `route fuzz: ${all.length} requests over ${routes.length} routes (${refused.length} refused by schema, ${passed.length} schema-valid)`,
    );

    expect(new Set(all.map((o) => o.route)).size).toBe(routes.length);
    expect(all.filter((o) => o.status >= 500 || o.status < 100).map(describeOutcome)).toEqual([]);
    expect(refused.filter((o) => o.status < 400 || o.status >= 500).map(describeOutcome)).toEqual([]);
    const gateways = all.filter((o) => GATEWAY_ANSWERS.has(`${o.status} ${o.body}`));
    expect(
      all
        .filter((o) => o.status >= 400 && o.status < 500 && !isStandardError(o.body) && !gateways.includes(o))
        .map(describeOutcome),
    ).toEqual([]);
    expect(written).toBe(0);
    const problems = all.flatMap((o) => validationProblems(o.body).map((problem) => ({ o, problem })));
    expect(problems.length).toBeGreaterThan(routes.length);
    expect(
      problems
        .filter(({ problem }) => !isWorded(problem))
        .map(({ o, problem }) => `${describeOutcome(o)}: ${JSON.stringify(problem)}`),
    ).toEqual([]);
  }, 600_000);
});
