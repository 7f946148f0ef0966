import { join } from "node:path";
import { type Stage, Tags } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { REVIEW_SERVICE_LEVEL } from "#shared/contracts/review-service-level";
import { EDGE } from "#shared/platform/declaration/edge";
import { functionIds } from "#shared/platform/declaration/functions";
import { resourceName, secretName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { CLOUDFRONT_REGION } from "./constructs/edge-web-acl.ts";
import { REPO_ROOT } from "./constructs/platform-function.ts";
import { ApiStack } from "./stacks/api-stack.ts";
import { DataStack } from "./stacks/data-stack.ts";
import { EventsStack, postsToConnections } from "./stacks/events-stack.ts";
import { ObservabilityStack } from "./stacks/observability-stack.ts";
import { RealtimeStack } from "./stacks/realtime-stack.ts";
import { WebStack, type WebStackProps } from "./stacks/web-stack.ts";
import { WorkersStack } from "./stacks/workers-stack.ts";
import type { StageSettings } from "./stage-settings.ts";

export interface PlatformStacksOptions {
  readonly declaration: PlatformDeclaration;
  readonly stage: string;
  readonly settings: StageSettings;
  /**
   * The portal's build the Web stack deploys (`npm run build` writes it).
   * @default web/dist in the repository
   */
  readonly portalDirectory?: string;
}

export interface PlatformStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
  /** Always in us-east-1 (`CLOUDFRONT_REGION`). */
  readonly web: WebStack;
  /** Present only when the declaration has a schedule, or an event rule whose target manages no connections. */
  readonly events: EventsStack | undefined;
  /** Present only when the declaration has a queue function or a container consumer. */
  readonly workers: WorkersStack | undefined;
  /** Present only when the declaration has a WebSocket API (`realtime`). */
  readonly realtime: RealtimeStack | undefined;
  readonly observability: ObservabilityStack;
}

/**
 * The whole platform of one stage, generated from a declaration: Data (stateful), Api, Events and
 * Workers (stateless, reading Data's resources through props), Web, Observability (watching them all).
 *
 * Every stack but Web deploys to the stage's `region`; Web deploys to us-east-1, where CloudFront's
 * WebACLs live, and reads the API's endpoint across Regions. The account stays unresolved (it is the
 * deploying credentials'), so synth needs no AWS account. Stacks reference each other weakly
 * (`Fn::GetStackOutput`, cdk.json `defaultCrossStackReferences`), never through exports, so a
 * changed declaration (an agent removed, or moved between Lambda and Fargate) updates in place.
 */
export function addPlatformStacks(scope: Stage, options: PlatformStacksOptions): PlatformStacks {
  const { declaration, stage, settings } = options;
  const id = (name: string) => resourceName(declaration.app, stage, name);
  const env = { region: settings.region };
  const common = { declaration, stage, settings, env };

  const data = new DataStack(scope, id("data"), {
    ...common,
    description: `${declaration.app} (${stage}): table, event bus, queues and secrets.`,
    terminationProtection: settings.deletionProtection,
  });
  const api = new ApiStack(scope, id("api"), {
    ...common,
    resources: data.resources,
    description: `${declaration.app} (${stage}): HTTP API, authorizer and domain functions.`,
  });
  const realtime = declaration.realtime
    ? new RealtimeStack(scope, id("realtime"), {
        ...common,
        realtime: declaration.realtime,
        resources: data.resources,
        description: `${declaration.app} (${stage}): WebSocket API, its ticket authorizer and route functions.`,
      })
    : undefined;
  const web = new WebStack(scope, id("web"), {
    app: declaration.app,
    stage,
    settings,
    env: { region: CLOUDFRONT_REGION },
    httpApi: api.httpApi,
    portalDirectory: options.portalDirectory ?? join(REPO_ROOT, "web", "dist"),
    ...(realtime && declaration.realtime
      ? { webSocket: { url: realtime.webSocketUrl, path: declaration.realtime.path } }
      : {}),
    ...frontDoorOf(scope, declaration, stage),
  });
  const hasEventTargets =
    declaration.eventRules.some((rule) => !postsToConnections(rule)) || declaration.schedules.length > 0;
  const events = hasEventTargets
    ? new EventsStack(scope, id("events"), {
        ...common,
        resources: data.resources,
        description: `${declaration.app} (${stage}): event rules, schedules and their target functions.`,
      })
    : undefined;

  const hasConsumers = declaration.queueFunctions.length > 0 || declaration.containers.length > 0;
  const workers = hasConsumers
    ? new WorkersStack(scope, id("workers"), {
        ...common,
        resources: data.resources,
        description: `${declaration.app} (${stage}): queue consumers, Lambda functions and Fargate services.`,
      })
    : undefined;

  const functions = new Map<string, IFunction>([
    ...api.functions,
    ...(realtime?.functions ?? []),
    ...(events?.functions ?? []),
    ...(workers?.functions ?? []),
  ]);
  const deadLetterQueues = new Map<string, IQueue>(data.deadLetterQueues.map((d) => [d.name, d.queue]));
  const jobQueues = new Map<string, IQueue>(
    [...data.resources.queues].filter(([name]) => !deadLetterQueues.has(name)),
  );
  // Names, not references: a consumer removed later must not be held by an export Observability uses.
  const services = new Map(
    workers
      ? declaration.containers.map((container) => {
          const consumerId = functionIds.consumer(container.name);
          return [consumerId, { clusterName: id("workers"), serviceName: id(consumerId) }] as const;
        })
      : [],
  );
  const observability = new ObservabilityStack(scope, id("observability"), {
    app: declaration.app,
    stage,
    settings,
    env,
    httpApi: api.httpApi,
    functions,
    deadLetterQueues,
    jobQueues,
    services,
    frontDoorDomains: hasFrontDoor(declaration) ? declaration.api.map((domain) => domain.domain) : [],
    // Watched only where the schedule that publishes it is declared (a fixture may have none).
    ...(declaration.schedules.some((s) => s.name === REVIEW_SERVICE_LEVEL.service)
      ? { reviewServiceLevel: REVIEW_SERVICE_LEVEL }
      : {}),
    ...(data.search ? { searchDomainName: data.search.domainName } : {}),
    description: `${declaration.app} (${stage}): ops topic, alarms and dashboard.`,
  });

  Tags.of(scope).add("app", declaration.app);
  Tags.of(scope).add("stage", stage);
  return { data, api, web, events, workers, realtime, observability };
}

/**
 * The origin secret the distribution sends, when the declaration has a front door; its version comes
 * from `--context originSecretVersion=<VersionId>` after a rotation (key-rotation runbook).
 */
/** Whether the platform sits behind a front door: CloudFront sends the origin secret it declares. */
function hasFrontDoor(declaration: PlatformDeclaration): boolean {
  return declaration.secrets.some((s) => s.name === EDGE.originSecret);
}

function frontDoorOf(
  scope: Stage,
  declaration: PlatformDeclaration,
  stage: string,
): Pick<WebStackProps, "originSecret"> {
  if (!hasFrontDoor(declaration)) return {};
  const version = scope.node.tryGetContext("originSecretVersion") as string | undefined;
  const name = secretName(declaration.app, stage, EDGE.originSecret);
  return { originSecret: version ? { name, version } : { name } };
}
