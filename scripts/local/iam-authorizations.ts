/**
 * What IAM authorizes for each request the local services answer: the action and resource ARN AWS
 * evaluates a caller's policies against, built as AWS builds it. One place per service, following the
 * services' IAM references (DynamoDB: "Using IAM with DynamoDB transactions"; SQS: "Amazon SQS API
 * permissions: Actions and resource reference"). An operation without a rule below is authorized as
 * `<service>:<Operation>` on the resource its request names, which is how most are.
 */
import type { Authorization } from "./aws-calls.ts";

/** The account and Region the local resources live in. */
export interface ArnScope {
  region: string;
  account: string;
}

type Input = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;
const records = (value: unknown): Input[] =>
  Array.isArray(value) ? value.filter((v): v is Input => typeof v === "object" && v !== null) : [];

/** A table's ARN from a `TableName`, which may be the ARN itself. */
function tableArn(table: string, at: ArnScope): string {
  return table.startsWith("arn:") ? table : `arn:aws:dynamodb:${at.region}:${at.account}:table/${table}`;
}

/** The parts of a transaction item, each authorized as its own operation. */
const TRANSACTION_ACTIONS: Record<string, string> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
  Get: "dynamodb:GetItem",
};

/**
 * DynamoDB (`X-Amz-Target: DynamoDB_20120810.<Operation>`): the operation on its table, an index query
 * on `<table>/index/<name>`, a batch on each table it names, and a transaction as the operations it
 * holds (TransactWriteItems and TransactGetItems are no IAM actions).
 */
export function dynamoDbAuthorizations(operation: string, input: Input, at: ArnScope): Authorization[] {
  if (operation === "TransactWriteItems" || operation === "TransactGetItems") {
    return records(input.TransactItems).flatMap((item) =>
      Object.entries(item).flatMap(([kind, part]) => {
        const action = TRANSACTION_ACTIONS[kind];
        const table = text((part as Input | undefined)?.TableName);
        return action && table ? [{ action, resource: tableArn(table, at) }] : [];
      }),
    );
  }
  if (operation === "BatchGetItem" || operation === "BatchWriteItem") {
    const tables =
      typeof input.RequestItems === "object" && input.RequestItems !== null ? input.RequestItems : {};
    return Object.keys(tables).map((table) => ({
      action: `dynamodb:${operation}`,
      resource: tableArn(table, at),
    }));
  }
  const table = text(input.TableName);
  if (table === undefined) return [{ action: `dynamodb:${operation}`, resource: "*" }];
  const index = text(input.IndexName);
  return [
    {
      action: `dynamodb:${operation}`,
      resource: index === undefined ? tableArn(table, at) : `${tableArn(table, at)}/index/${index}`,
    },
  ];
}

/** Batch actions are authorized as their single-message actions. */
const SQS_BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: "SendMessage",
  DeleteMessageBatch: "DeleteMessage",
  ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
};

/** `http://host/<account>/<name>` → `arn:aws:sqs:<region>:<account>:<name>`. */
function queueArnOfUrl(url: string, at: ArnScope): string | undefined {
  const [account, name] = url.split("/").filter(Boolean).slice(-2);
  return account && name ? `arn:aws:sqs:${at.region}:${account}:${name}` : undefined;
}

/** The queue a move task's handle names (base64 of `{ taskId, sourceArn }`). */
function sourceOfTaskHandle(handle: string | undefined): string | undefined {
  if (handle === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(handle, "base64").toString("utf8")) as unknown;
    return typeof decoded === "object" && decoded !== null && "sourceArn" in decoded
      ? text(decoded.sourceArn)
      : undefined;
  } catch {
    // Not a handle the local SQS made: the service refuses it; IAM has no queue to name.
    return undefined;
  }
}

/**
 * SQS (`X-Amz-Target: AmazonSQS.<Action>`): the action on the queue of `QueueUrl` (or of `QueueName`,
 * `SourceArn`, a move task's handle). A move task moves messages with the caller's permissions; the
 * local SQS runs it with the caller's credentials, so those calls are recorded as the caller's too.
 */
export function sqsAuthorizations(operation: string, input: Input, at: ArnScope): Authorization[] {
  const action = `sqs:${SQS_BATCH_ACTIONS[operation] ?? operation}`;
  const url = text(input.QueueUrl);
  const name = text(input.QueueName);
  const queue =
    (url && queueArnOfUrl(url, at)) ??
    (name && `arn:aws:sqs:${at.region}:${text(input.QueueOwnerAWSAccountId) ?? at.account}:${name}`) ??
    text(input.SourceArn) ??
    sourceOfTaskHandle(text(input.TaskHandle));
  if (operation === "ListQueues") return [{ action, resource: `arn:aws:sqs:${at.region}:${at.account}:*` }];
  return [{ action, resource: queue ?? "*" }];
}

/** An event bus's ARN from a name or ARN; no name is the account's `default` bus. */
function busArn(nameOrArn: string | undefined, at: ArnScope): string {
  const bus = nameOrArn ?? "default";
  return bus.startsWith("arn:") ? bus : `arn:aws:events:${at.region}:${at.account}:event-bus/${bus}`;
}

/** EventBridge (`AWSEvents.<Action>`): PutEvents on the bus of each entry, others on the named bus. */
export function eventBridgeAuthorizations(operation: string, input: Input, at: ArnScope): Authorization[] {
  if (operation === "PutEvents") {
    return records(input.Entries).map((entry) => ({
      action: "events:PutEvents",
      resource: busArn(text(entry.EventBusName), at),
    }));
  }
  return [{ action: `events:${operation}`, resource: busArn(text(input.Name), at) }];
}

/**
 * Secrets Manager (`secretsmanager.<Action>`): the action on the secret's full ARN (with AWS's
 * six-character suffix), however the request names it. `arnOf` resolves a name or ARN.
 */
export function secretsManagerAuthorizations(
  operation: string,
  input: Input,
  arnOf: (secretId: string) => string,
): Authorization[] {
  const id = text(input.SecretId);
  return [{ action: `secretsmanager:${operation}`, resource: id === undefined ? "*" : arnOf(id) }];
}

/** CloudWatch's metric reads (`GetMetricData`, …) take no resource-level permissions: `*`. */
export function cloudWatchAuthorizations(operation: string): Authorization[] {
  return [{ action: `cloudwatch:${operation}`, resource: "*" }];
}

/**
 * The `@connections` management API of a WebSocket API: `execute-api:ManageConnections` on
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/@connections/{connectionId}`
 * (POST posts, GET reads, DELETE closes), the ARN API Gateway evaluates the caller's policies against.
 */
export function manageConnectionsAuthorizations(
  method: string,
  connectionId: string,
  api: ArnScope & { apiId: string; stage: string },
): Authorization[] {
  return [
    {
      action: "execute-api:ManageConnections",
      resource: `arn:aws:execute-api:${api.region}:${api.account}:${api.apiId}/${api.stage}/${method}/@connections/${connectionId}`,
    },
  ];
}
