import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { ISecurityGroup } from "aws-cdk-lib/aws-ec2";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { ModelConfig } from "#shared/adapters/llm/model-config";
import type { ResourceLocator } from "#shared/platform/declaration/environment";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import type { PlatformNetworkRef } from "./platform-network.ts";

/**
 * The stateful resources a function may be bound to, by declared name, and the stage's model
 * configuration, which the `models` binding resolves against. The Data stack builds it; stateless
 * stacks receive it as a prop.
 */
export interface PlatformResources {
  readonly stage: string;
  readonly table: ITable;
  /** Names of the table's global secondary indexes (`gsi1`…), for index-scoped grants. */
  readonly tableIndexes: readonly string[];
  readonly eventBus: IEventBus;
  /** Every queue by name: declared queues and the dead-letter queues made for them. */
  readonly queues: ReadonlyMap<string, IQueue>;
  readonly secrets: ReadonlyMap<string, ISecret>;
  /** Which model each agent runs on (the stage setting `models`, validated at synth). */
  readonly models: ModelConfig;
  /** Credits a new tenant starts with (the stage setting `starterCredits`). */
  readonly starterCredits: number;
  /** How long an access token lives, in seconds (the stage setting `accessTokenTtlSeconds`). */
  readonly accessTokenTtlSeconds: number;
  /**
   * The WebSocket API's `@connections`, for the `managesConnections` binding; the Realtime stack adds
   * it. Absent: no function may manage connections.
   */
  readonly connections?: WebSocketConnections;
  /**
   * The platform's VPC, present when something runs in it (a Fargate consumer, the search domain).
   * Absent: no consumer and no function may need it.
   */
  readonly network?: PlatformNetworkRef;
  /** The search domain, for the `search` binding; present only when a function binds search. */
  readonly search?: SearchDomainRef;
}

/** What a function bound to search is given, granted and placed beside. */
export interface SearchDomainRef {
  /** `arn:…:es:{region}:{account}:domain/{name}`; grants name its paths (`/*`). */
  readonly domainArn: string;
  /** `https://{vpc endpoint}`: `SEARCH_ENDPOINT`. */
  readonly endpoint: string;
  /** The group whose members the domain admits on 443: every function and task bound to search. */
  readonly clientSecurityGroup: ISecurityGroup;
}

/** What a function that manages WebSocket connections is given and granted. */
export interface WebSocketConnections {
  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`. */
  readonly managementEndpoint: string;
  /** `arn:…:execute-api:{region}:{account}:{api-id}/{stage}/{METHOD}/@connections/*`, per method. */
  readonly connectionArns: readonly string[];
}

function named<T>(kind: string, map: ReadonlyMap<string, T>, name: string): T {
  const found = map.get(name);
  if (found === undefined) throw new Error(`No ${kind} named "${name}" in the platform resources.`);
  return found;
}

export function queueNamed(resources: PlatformResources, name: string): IQueue {
  return named("queue", resources.queues, name);
}

/** The job queue whose dead-letter queue is `dlqName` (`<queue>-dlq`): where a redrive sends messages. */
export function sourceQueueOf(resources: PlatformResources, dlqName: string): IQueue {
  const source = [...resources.queues.keys()].find((name) => deadLetterQueueName(name) === dlqName);
  if (source === undefined) throw new Error(`No queue has "${dlqName}" as its dead-letter queue.`);
  return queueNamed(resources, source);
}

/** The platform's VPC; throws when the Data stack made none (nothing declared needs one). */
export function networkOf(resources: PlatformResources): PlatformNetworkRef {
  if (!resources.network)
    throw new Error("Something needs the platform's VPC, but the Data stack made none.");
  return resources.network;
}

/** The search domain; throws when a function binds search but the Data stack made no domain. */
export function searchOf(resources: PlatformResources): SearchDomainRef {
  if (!resources.search) throw new Error("A function binds search, but the platform has no search domain.");
  return resources.search;
}

export function secretNamed(resources: PlatformResources, name: string): ISecret {
  return named("secret", resources.secrets, name);
}

/** The CDK side of `ResourceLocator`: CloudFormation tokens that resolve at deploy time. */
export function locatorFor(resources: PlatformResources): ResourceLocator {
  return {
    stage: resources.stage,
    tableName: resources.table.tableName,
    eventBusName: resources.eventBus.eventBusName,
    queueUrl: (queue) => queueNamed(resources, queue).queueUrl,
    secretId: (secret) => secretNamed(resources, secret).secretArn,
    agentModels: JSON.stringify(resources.models),
    starterCredits: resources.starterCredits,
    accessTokenTtlSeconds: resources.accessTokenTtlSeconds,
    ...(resources.connections ? { realtimeEndpoint: resources.connections.managementEndpoint } : {}),
    ...(resources.search ? { searchEndpoint: resources.search.endpoint } : {}),
  };
}
