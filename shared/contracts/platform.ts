/**
 * THE platform declaration: every HTTP route, function, table, queue, event rule, schedule and
 * secret. `infra/` synthesizes CloudFormation from it and `scripts/local/` serves it; neither keeps
 * a list of its own. Route schemas live beside each domain in `shared/contracts/` so that a domain
 * Lambda bundles only its own.
 */

import { AGENT_ROSTER } from "#shared/domain/agents/roster";
import { agentWorkers } from "#shared/platform/declaration/agent-workers";
import { EDGE, ORIGIN_IDENTITY_SOURCE } from "#shared/platform/declaration/edge";
import { EVENTS_DLQ } from "#shared/platform/declaration/naming";
import { SINGLE_TABLE } from "#shared/platform/declaration/single-table";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { assertValidDeclaration } from "#shared/platform/declaration/validate";
import { adminApi } from "./admin.routes.ts";
import { agentsApi } from "./agents.routes.ts";
import { authApi } from "./auth.routes.ts";
import { brandApi } from "./brand.routes.ts";
import { contentApi } from "./content.routes.ts";
import { healthApi } from "./health.routes.ts";
import { knowledgeApi } from "./knowledge.routes.ts";
import { notificationsApi } from "./notifications.routes.ts";
import { notifierRule } from "./notifier.ts";
import { realtime, realtimeApi, realtimeFanOut } from "./realtime.routes.ts";
import { realtimeEventPattern } from "./realtime-events.ts";
import { reviewServiceLevelSchedule } from "./review-service-level.ts";
import { searchApi } from "./search.routes.ts";
import { searchIndexerRule } from "./search-indexer.ts";
import { tenantUsersApi } from "./tenant-users.routes.ts";

const workers = agentWorkers(AGENT_ROSTER);

export const platform = {
  app: "leadmetrics",
  authorizer: {
    entry: "functions/authorizer/http.handler.ts",
    timeoutSeconds: 5,
    memoryMb: 512,
    resultsCacheTtlSeconds: 30,
    // The origin header keys the cache too: an answer given to a request through the front door is
    // never reused for one that went around it, and a request without it is refused before it runs.
    identitySource: ["$request.header.Authorization", "$context.routeKey", ORIGIN_IDENTITY_SOURCE],
    publicIdentitySource: [ORIGIN_IDENTITY_SOURCE],
    bindings: { table: "read", secrets: ["verification-keys", EDGE.originSecret] },
  },
  api: [
    healthApi,
    authApi,
    tenantUsersApi,
    agentsApi,
    adminApi,
    brandApi,
    contentApi,
    knowledgeApi,
    notificationsApi,
    realtimeApi,
    searchApi,
  ],
  table: SINGLE_TABLE,
  eventBus: { name: "domain-events" },
  queues: [
    ...workers.queues,
    {
      name: EVENTS_DLQ,
      purpose:
        "Dead letters of the event bus: events a rule target could not take after its retries, kept 14 days for inspection and redrive.",
      retentionSeconds: 1_209_600,
    },
  ],
  queueFunctions: workers.queueFunctions,
  containers: workers.containers,
  eventRules: [
    notifierRule,
    {
      name: "realtime-fan-out",
      description:
        "Agent progress, completion and failure, content status changes and notifications, to the WebSocket connections that should hear them.",
      pattern: realtimeEventPattern,
      target: realtimeFanOut,
    },
    searchIndexerRule,
  ],
  schedules: [...workers.schedules, reviewServiceLevelSchedule],
  secrets: [
    {
      name: "model-api-keys",
      description:
        "API keys of the language-model providers an agent is configured to use (a JSON object: provider field → key). Empty while every agent runs offline or on Bedrock.",
      localValue: "json-object",
      provisionedBy: "aws secretsmanager put-secret-value (see README, Model providers)",
    },
    {
      name: "signing-keys",
      description:
        "JWK set (ES256) that signs and verifies access tokens; the current key and the previous one.",
      localValue: "es256-jwk-set",
      provisionedBy: "npm run ops -- rotate-signing-key",
    },
    {
      name: "cursor-key",
      description:
        "256 random bits that sign pagination cursors (HMAC), so a cursor cannot be forged or moved.",
      localValue: "random-256-bit",
      provisionedBy: "CloudFormation (generated at deploy)",
    },
    {
      name: EDGE.originSecret,
      description:
        "What CloudFront sends to the API in the origin header (`current`) and what it sent before the last rotation (`previous`): only requests through the front door and its WAF reach a function.",
      localValue: "origin-secret",
      provisionedBy: "CloudFormation (generated at deploy); rotated by npm run ops -- rotate-origin-secret",
      readAtTheEdge: true,
    },
    {
      name: "verification-keys",
      description: "The public halves of the signing keys (a JWKS): all the authorizer may read.",
      localValue: { publicKeysOf: "signing-keys" },
      provisionedBy: "npm run ops -- rotate-signing-key",
    },
  ],
  realtime,
} as const satisfies PlatformDeclaration;

assertValidDeclaration(platform);
