/**
 * Readiness probes of the platform's dependencies. Each asks the cheapest question that proves the
 * dependency answers for this function's own resource, with permissions that reveal no data
 * (DescribeTable, GetQueueAttributes, DescribeEventBus, DescribeSecret). The SDK clients load on the
 * first probe, so functions that never probe do not pay for them at cold start.
 */
export type Probe = () => Promise<void>;

export interface ReadinessTargets {
  tableName: string;
  queueUrl: string;
  eventBusName: string;
  secretId: string;
}

export function createReadinessProbes(targets: ReadinessTargets): Record<string, Probe> {
  return {
    dynamodb: async () => {
      const { DynamoDBClient, DescribeTableCommand } = await import("@aws-sdk/client-dynamodb");
      await clients
        .get("dynamodb", () => new DynamoDBClient({ maxAttempts: 1 }))
        .send(new DescribeTableCommand({ TableName: targets.tableName }));
    },
    sqs: async () => {
      const { SQSClient, GetQueueAttributesCommand } = await import("@aws-sdk/client-sqs");
      await clients
        .get("sqs", () => new SQSClient({ maxAttempts: 1 }))
        .send(new GetQueueAttributesCommand({ QueueUrl: targets.queueUrl, AttributeNames: ["QueueArn"] }));
    },
    eventbridge: async () => {
      const { EventBridgeClient, DescribeEventBusCommand } = await import("@aws-sdk/client-eventbridge");
      await clients
        .get("eventbridge", () => new EventBridgeClient({ maxAttempts: 1 }))
        .send(new DescribeEventBusCommand({ Name: targets.eventBusName }));
    },
    secretsManager: async () => {
      const { SecretsManagerClient, DescribeSecretCommand } = await import("@aws-sdk/client-secrets-manager");
      await clients
        .get("secrets", () => new SecretsManagerClient({ maxAttempts: 1 }))
        .send(new DescribeSecretCommand({ SecretId: targets.secretId }));
    },
  };
}

/** SDK clients are created once per module and reused across invocations. */
const clients = {
  cache: new Map<string, { send: (command: never) => Promise<unknown> }>(),
  get<C extends { send: (command: never) => Promise<unknown> }>(name: string, create: () => C): C {
    let client = this.cache.get(name) as C | undefined;
    if (!client) {
      client = create();
      this.cache.set(name, client);
    }
    return client;
  },
};
