import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { runIdSchema } from "#shared/domain/agents/job";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { RUN_STATUSES } from "#shared/domain/agents/run";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";

/** Every user of a tenant may run its agents and follow their runs. */
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const role = z.enum(AGENT_ROLES);

/** The tenant's agents, their runs and the credits they spend: `/api/tenant/v1`. */
export const agentsRoutes = {
  catalog: {
    method: "GET",
    path: "/api/tenant/v1/agents",
    summary: "The agents my tenant can run: what each takes, produces and costs.",
    access: member,
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
  },
  listRuns: {
    method: "GET",
    path: "/api/tenant/v1/runs",
    summary: "My tenant's runs, newest first, optionally of one agent and/or in one status.",
    access: member,
    query: z.strictObject({ ...pageQuery, role: z.optional(role), status: z.optional(z.enum(RUN_STATUSES)) }),
  },
  getRun: {
    method: "GET",
    path: "/api/tenant/v1/runs/{runId}",
    summary: "One run: status, timings, model, tokens, cost and credits, and its content when done.",
    access: member,
    params: z.strictObject({ runId: runIdSchema }),
  },
  live: {
    method: "GET",
    path: "/api/tenant/v1/live",
    summary: "Progress of my tenant's runs of the last 30 minutes, for a client that reconnects.",
    access: member,
  },
  credits: {
    method: "GET",
    path: "/api/tenant/v1/credits",
    summary: "My tenant's credit balance, reservations and ledger (newest first).",
    access: member,
    query: z.strictObject(pageQuery),
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
