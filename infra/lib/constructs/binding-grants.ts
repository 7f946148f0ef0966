import { Stack, Validations } from "aws-cdk-lib";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { FunctionBindings } from "#shared/platform/declaration/types";
import { grantModels } from "./model-grants.ts";
import {
  type PlatformResources,
  queueNamed,
  searchOf,
  secretNamed,
  sourceQueueOf,
} from "./platform-resources.ts";

const TABLE_READ_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
];
const TABLE_WRITE_ACTIONS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

/** Reading the search domain: GET and HEAD, and POST, which `_search`, `_msearch` and `_count` use. */
const SEARCH_READ_ACTIONS = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"];
/** Indexing and deleting documents, creating indices and aliases, too. */
const SEARCH_WRITE_ACTIONS = ["es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpPatch"];

/**
 * What peeking at a dead-letter queue and redriving it take on the DLQ: receive and release messages,
 * read its attributes, and run message move tasks, which receive and delete as the caller.
 */
const DLQ_REDRIVE_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:StartMessageMoveTask",
  "sqs:ListMessageMoveTasks",
  "sqs:CancelMessageMoveTask",
];

/**
 * Grants a principal exactly what its declared bindings name — a function's role or a container's
 * task role alike. Table readers get no Scan. The matching environment comes from `environmentFor`.
 */
export function grantBindings(
  grantee: IGrantable,
  bindings: FunctionBindings,
  resources: PlatformResources,
): void {
  if (bindings.table) {
    const table = resources.table.tableArn;
    const actions =
      bindings.table === "readwrite" ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS;
    Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [table, ...resources.tableIndexes.map((index) => `${table}/index/${index}`)],
    });
  }
  if (bindings.search) grantSearch(grantee, bindings.search, resources);
  if (bindings.describesTable) {
    Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:DescribeTable"],
      resourceArns: [resources.table.tableArn],
    });
  }
  if (bindings.events) resources.eventBus.grantPutEventsTo(grantee);
  if (bindings.describesEventBus) {
    Grant.addToPrincipal({
      grantee,
      actions: ["events:DescribeEventBus"],
      resourceArns: [resources.eventBus.eventBusArn],
    });
  }
  for (const queue of bindings.sendsTo ?? []) queueNamed(resources, queue).grantSendMessages(grantee);
  for (const queue of bindings.inspects ?? []) {
    queueNamed(resources, queue).grant(grantee, "sqs:GetQueueAttributes");
  }
  for (const dlq of bindings.redrives ?? []) {
    queueNamed(resources, dlq).grant(grantee, ...DLQ_REDRIVE_ACTIONS);
    // A move task sends to the source queue with the caller's permissions.
    sourceQueueOf(resources, dlq).grant(grantee, "sqs:SendMessage");
  }
  for (const secret of bindings.secrets ?? []) secretNamed(resources, secret).grantRead(grantee);
  for (const secret of bindings.describesSecrets ?? []) {
    Grant.addToPrincipal({
      grantee,
      actions: ["secretsmanager:DescribeSecret"],
      resourceArns: [secretNamed(resources, secret).secretArn],
    });
  }
  if (bindings.models) grantModels(grantee, resources.models);
  if (bindings.managesConnections) grantManageConnections(grantee, resources);
  if (bindings.readsMetrics) {
    Grant.addToPrincipal({ grantee, actions: ["cloudwatch:GetMetricData"], resourceArns: ["*"] });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      Validations.of(principal).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "CloudWatch GetMetricData (the readsMetrics binding) and X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.",
      });
    }
  }
}

/**
 * The `search` binding: HTTP methods on the domain's paths (`<domain ARN>/*`, every index and API;
 * which indices a role may touch is fine-grained access control's to say). IAM cannot tell a search's
 * POST from an indexing one, so `read` includes POST; what it lacks is PUT, DELETE and PATCH.
 */
function grantSearch(grantee: IGrantable, level: "read" | "readwrite", resources: PlatformResources): void {
  const paths = `${searchOf(resources).domainArn}/*`;
  Grant.addToPrincipal({
    grantee,
    actions: level === "readwrite" ? [...SEARCH_READ_ACTIONS, ...SEARCH_WRITE_ACTIONS] : SEARCH_READ_ACTIONS,
    resourceArns: [paths],
  });
  const principal = grantee.grantPrincipal;
  if (Construct.isConstruct(principal)) {
    Validations.of(principal).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(principal, paths)}]`,
      reason:
        "The search domain's paths are its indices and APIs, named by the request: the grant is this domain's HTTP methods alone, and fine-grained access control limits the indices.",
    });
  }
}

/**
 * `execute-api:ManageConnections` on this WebSocket API's `@connections` of its one stage (post, read,
 * close), never another API's. The connection id is the ARN's last part and unknown until a client
 * connects: cdk-nag's wildcard finding is acknowledged for exactly those resources.
 */
function grantManageConnections(grantee: IGrantable, resources: PlatformResources): void {
  const connections = resources.connections;
  if (!connections) {
    throw new Error("A function binds managesConnections, but the platform declares no WebSocket API.");
  }
  Grant.addToPrincipal({
    grantee,
    actions: ["execute-api:ManageConnections"],
    resourceArns: [...connections.connectionArns],
  });
  const principal = grantee.grantPrincipal;
  if (Construct.isConstruct(principal)) {
    Validations.of(principal).acknowledge(
      ...connections.connectionArns.map((arn) => ({
        id: `AwsSolutions-IAM5[Resource::${nagArn(principal, arn)}]`,
        reason:
          "A connection id is known only once a client connects: the grant names this API, its stage and the method, and leaves only the connection id open.",
      })),
    );
  }
}

/** A resource as cdk-nag spells it in a finding id: references as `<LogicalId>`, `<Id.Attr>`, `<AWS::Region>`. */
export function nagArn(scope: Construct, arn: string): string {
  const spell = (value: unknown): string => {
    if (typeof value === "string") return value;
    if (typeof value !== "object" || value === null) return String(value);
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === "string") return `<${v.Ref}>`;
    if (Array.isArray(v["Fn::GetAtt"])) return `<${v["Fn::GetAtt"].join(".")}>`;
    const join = v["Fn::Join"];
    if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(spell).join(String(join[0]));
    return JSON.stringify(value);
  };
  return spell(Stack.of(scope).resolve(arn));
}
