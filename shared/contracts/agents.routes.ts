import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { CONTENT_TYPES } from "#shared/domain/agents/agent";
import { runIdSchema } from "#shared/domain/agents/job";
import { MODEL_PROVIDERS } from "#shared/domain/agents/model";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { FAILURE_KINDS, RUN_STATUSES, RUN_STEPS } from "#shared/domain/agents/run";
import { CONTENT_STATUSES } from "#shared/domain/content/content-status";
import { LEDGER_KINDS } from "#shared/domain/credits/ports";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { sourceCitation } from "./knowledge-views.ts";
import { pageQuery } from "./pagination.ts";
import { count, pageOf, timestamp } from "./response-views.ts";

/** Every user of a tenant may run its agents and follow their runs. */
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const role = z.enum(AGENT_ROLES);
/**
 * An agent's role as a stored run or the catalog names it: a string, so that the runs of an agent
 * the catalog no longer has stay listed (a new run's role is always one of `AGENT_ROLES`).
 */
const agentRole = z.string();
const runStatus = z.enum(RUN_STATUSES);
const jsonSchema = z.record(z.string(), z.unknown());

/** One agent of the catalog, with the JSON Schemas of its input and output (to build forms). */
const catalogEntry = z.strictObject({
  role: agentRole,
  title: z.string(),
  description: z.string(),
  produces: z.enum(CONTENT_TYPES),
  creditPrice: count,
  runs: z.enum(["idempotent", "always-new"]),
  profile: z.enum(["short", "long"]),
  inputSchema: jsonSchema,
  outputSchema: jsonSchema,
});
export type AgentCatalogEntry = z.output<typeof catalogEntry>;

/** What a tenant sees of a run: never the worker's lease or internal bookkeeping. */
const runView = z.strictObject({
  runId: z.string(),
  role: agentRole,
  status: runStatus,
  /** The input as the run was started with it (the agent's own schema, see the catalog). */
  input: z.unknown(),
  attempts: count,
  timings: z.strictObject({
    queuedAt: timestamp,
    startedAt: z.optional(timestamp),
    finishedAt: z.optional(timestamp),
    durationMs: z.optional(count),
  }),
  credits: z.strictObject({ reserved: count, charged: z.optional(count) }),
  model: z.optional(z.strictObject({ provider: z.enum(MODEL_PROVIDERS), model: z.string() })),
  usage: z.optional(z.strictObject({ inputTokens: count, outputTokens: count })),
  costUsd: z.optional(z.number().check(z.minimum(0))),
  contentId: z.optional(z.string()),
  contentType: z.optional(z.enum(CONTENT_TYPES)),
  /** The accepted brand version the run's prompt used. */
  brandVersion: z.optional(count),
  /** The knowledge-base chunks the run's prompt was given, and which its answer cites. */
  sources: z.optional(z.array(sourceCitation)),
  failure: z.optional(z.strictObject({ kind: z.enum(FAILURE_KINDS), reason: z.string(), at: timestamp })),
  /** Why the last attempt failed, while the run waits to be tried again. */
  lastError: z.optional(z.string()),
});
export type RunView = z.output<typeof runView>;

/** A run, and the version of the content it wrote once it succeeded. */
const runDetail = z.strictObject({
  ...runView.shape,
  content: z.optional(
    z.strictObject({
      contentId: z.string(),
      /** As the content item stores it (one of the agents' `produces`). */
      type: z.string(),
      status: z.enum(CONTENT_STATUSES),
      version: count,
      body: z.unknown(),
    }),
  ),
});
export type RunDetail = z.output<typeof runDetail>;

/** 202 for a new run; 200 with `existing` when an idempotent agent already has a run for the subject. */
const startedRun = z.union([
  z.strictObject({ runId: z.string(), status: runStatus, creditsReserved: count, run: runView }),
  z.strictObject({ runId: z.string(), status: runStatus, existing: z.literal(true) }),
]);
export type StartedRun = z.output<typeof startedRun>;

/** Progress of the tenant's recent runs. */
const liveProgress = z.strictObject({
  items: z.array(
    z.strictObject({
      runId: z.string(),
      role: agentRole,
      status: runStatus,
      step: z.enum(Object.keys(RUN_STEPS) as [keyof typeof RUN_STEPS, ...(keyof typeof RUN_STEPS)[]]),
      percent: z.int().check(z.minimum(0), z.maximum(100)),
      updatedAt: timestamp,
    }),
  ),
});
export type LiveProgress = z.output<typeof liveProgress>;

/** The tenant's credits and a page of its ledger, newest first. */
const creditsView = z.strictObject({
  balance: count,
  reserved: count,
  granted: count,
  spent: count,
  ledger: z.array(
    z.strictObject({
      id: z.string(),
      kind: z.enum(LEDGER_KINDS),
      amount: z.int(),
      released: z.optional(count),
      runId: z.optional(z.string()),
      reason: z.optional(z.string()),
      at: timestamp,
    }),
  ),
  nextCursor: z.optional(z.string()),
});
export type CreditsView = z.output<typeof creditsView>;

/** The tenant's agents, their runs and the credits they spend: `/api/tenant/v1`. */
export const agentsRoutes = {
  catalog: {
    method: "GET",
    path: "/api/tenant/v1/agents",
    summary: "The agents my tenant can run: what each takes, produces and costs.",
    access: member,
    response: z.strictObject({ items: z.array(catalogEntry) }),
  },
  startRun: {
    method: "POST",
    path: "/api/tenant/v1/agents/{role}/runs",
    summary:
      "Start a run (202 with its id). Credits are reserved now; an idempotent agent answers an existing run for the same subject.",
    access: member,
    params: z.strictObject({ role }),
    // The input is checked against the agent's own schema by the route (it depends on the role).
    body: z.strictObject({ input: z.record(z.string(), z.unknown()) }),
    maxBodyBytes: 32_768,
    response: startedRun,
    // 202 for a new run; 200 with `existing` when an idempotent agent already has one for the subject.
    successStatuses: [202, 200],
  },
  listRuns: {
    method: "GET",
    path: "/api/tenant/v1/runs",
    summary: "My tenant's runs, newest first, optionally of one agent and/or in one status.",
    access: member,
    query: z.strictObject({ ...pageQuery, role: z.optional(role), status: z.optional(z.enum(RUN_STATUSES)) }),
    response: pageOf(runView),
  },
  getRun: {
    method: "GET",
    path: "/api/tenant/v1/runs/{runId}",
    summary: "One run: status, timings, model, tokens, cost and credits, and its content when done.",
    access: member,
    params: z.strictObject({ runId: runIdSchema }),
    response: runDetail,
  },
  live: {
    method: "GET",
    path: "/api/tenant/v1/live",
    summary: "Progress of my tenant's runs of the last 30 minutes, for a client that reconnects.",
    access: member,
    response: liveProgress,
  },
  credits: {
    method: "GET",
    path: "/api/tenant/v1/credits",
    summary: "My tenant's credit balance, reservations and ledger (newest first).",
    access: member,
    query: z.strictObject(pageQuery),
    response: creditsView,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const agentsApi = {
  domain: "agents",
  entry: "functions/api/agents/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 512,
  routes: agentsRoutes,
  bindings: {
    table: "readwrite",
    events: true,
    sendsTo: AGENT_ROLES.map(agentQueueName),
    secrets: ["cursor-key"],
  },
} as const satisfies ApiDomainDeclaration;
