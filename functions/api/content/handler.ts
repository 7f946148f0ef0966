import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ulid } from "ulid";
import { safeParse } from "zod/v4/core";
import { createContentEvents } from "#shared/adapters/content-events";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createAcceptedBrandReader } from "#shared/adapters/dynamodb/brand/brand-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createReviewPolicyRepository } from "#shared/adapters/dynamodb/content/review-policy-repository";
import { createReviewQueue } from "#shared/adapters/dynamodb/content/review-queue";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { assignedTenants, assignmentLookup } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { tenantExists, tenantNames } from "#shared/adapters/dynamodb/identity/tenants-repository";
import { userNames } from "#shared/adapters/dynamodb/identity/users-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { createJobQueue } from "#shared/adapters/jobs";
import { lazyClient } from "#shared/adapters/lazy-client";
import { createRunEvents } from "#shared/adapters/run-events";
import { createRunJobs } from "#shared/adapters/run-jobs";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { contentApi } from "#shared/contracts/content.routes";
import { CONTENT_EVENT_SOURCE } from "#shared/contracts/content-events";
import { agentByRole } from "#shared/domain/agents/catalog";
import { createRevisions } from "#shared/domain/agents/start-revision";
import { brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { brandRulesOf } from "#shared/domain/content/checks";
import { loadBindings } from "#shared/platform/bindings";
import { counter } from "#shared/platform/counter";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { logger } from "#shared/platform/logger";
import { metrics } from "#shared/platform/observability";
import {
  calendarRoute,
  getReviewPolicyRoute,
  overrideReviewPolicyRoute,
  setReviewPolicyRoute,
  tenantReviewPolicyRoute,
} from "./calendar.route.ts";
import {
  approveRoute,
  archiveRoute,
  commentRoute,
  editRoute,
  requestChangesRoute,
  scheduleRoute,
  unscheduleRoute,
} from "./decide.route.ts";
import type { ContentDeps } from "./deps.ts";
import { diffRoute, getContentRoute, getVersionRoute, listContentRoute } from "./read.route.ts";
import { queueRoute, reviewContentRoute, reviewDiffRoute, reviewVersionRoute } from "./review.route.ts";

const bound = loadBindings(contentApi.bindings);
const table = await openTable(bound);
const runs = createRunRepository(table, createCredits(table));
// Made on the first event or revision, not at cold start: most requests read (lazy-client.ts).
const bus = lazyClient(() => new EventBridgeClient({}));
const publisher = (source: string) =>
  createEventPublisher({ client: bus, busName: bound.eventBusName, source });
const brandProfiles = createAcceptedBrandReader(table);
const deps: ContentDeps = {
  content: createContentRepository(table),
  policies: createReviewPolicyRepository(table),
  audit: createAuditLog(table),
  events: createContentEvents(publisher(CONTENT_EVENT_SOURCE)),
  revisions: createRevisions({
    runs,
    jobs: createRunJobs(
      createJobQueue({ client: () => new SQSClient({}), queueUrl: bound.queueUrl }),
      agentQueueName,
    ),
    events: createRunEvents(publisher(AGENT_EVENT_SOURCE)),
    agentByRole,
    logger,
    count: counter(metrics, "role"),
  }),
  outputSchemaOf: (role) => agentByRole(role)?.output,
  brandRules: async (tenantId) => {
    const accepted = await brandProfiles.accepted(tenantId);
    const profile = accepted && safeParse(brandProfileSchema, accepted.profile);
    return brandRulesOf(profile?.success ? profile.data : undefined);
  },
  now: () => new Date(),
  queue: createReviewQueue(table),
  assignedTenants: assignedTenants(table),
  tenantNames: tenantNames(table),
  userNames: userNames(table),
  tenantExists: tenantExists(table),
  runs,
  newId: () => ulid(),
};

export const handler = createApiHandler(
  contentApi,
  {
    listContent: listContentRoute(deps),
    getContent: getContentRoute(deps),
    getVersion: getVersionRoute(deps),
    diff: diffRoute(deps),
    comment: commentRoute(deps),
    approve: approveRoute(deps),
    requestChanges: requestChangesRoute(deps),
    edit: editRoute(deps),
    schedule: scheduleRoute(deps),
    unschedule: unscheduleRoute(deps),
    archive: archiveRoute(deps),
    calendar: calendarRoute(deps),
    getReviewPolicy: getReviewPolicyRoute(deps),
    setReviewPolicy: setReviewPolicyRoute(deps),
    queue: queueRoute(deps),
    reviewContent: reviewContentRoute(deps),
    reviewVersion: reviewVersionRoute(deps),
    reviewDiff: reviewDiffRoute(deps),
    reviewApprove: approveRoute(deps),
    reviewRequestChanges: requestChangesRoute(deps),
    reviewEdit: editRoute(deps),
    reviewComment: commentRoute(deps),
    overrideReviewPolicy: overrideReviewPolicyRoute(deps),
    tenantReviewPolicy: tenantReviewPolicyRoute(deps),
  },
  { isAssigned: assignmentLookup(table) },
);
