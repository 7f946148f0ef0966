/**
 * Readiness probes of the platform's dependencies. Each asks the cheapest question that proves the
 * dependency answers for this function's own resource, with permissions that reveal no data
 * (DescribeTable, GetQueueAttributes, DescribeEventBus, DescribeSecret), once (`maxAttempts: 1`: a
 * retry hidden in a probe would hide a failing dependency). The SDK clients load on the first probe,
 * so functions that never probe do not pay for them at cold start.
 */

/**
 * One dependency's probe, in two steps: `prepare` loads and builds what the call needs (our own work:
 * on a cold, busy sandbox loading an SDK client can take seconds), and the call it answers asks the
 * dependency. Only the call is timed, so a slow cold start is never reported as a dependency timeout.
 */
export type Probe = () => Promise<ProbeCall>;
export type ProbeCall = () => Promise<void>;

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
      const client = clients.get("dynamodb", () => new DynamoDBClient({ maxAttempts: 1 }));
      return async () => {
        await client.send(new DescribeTableCommand({ TableName: targets.tableName }));
      };
    },
    sqs: async () => {
      const { SQSClient, GetQueueAttributesCommand } = await import("@aws-sdk/client-sqs");
      const client = clients.get("sqs", () => new SQSClient({ maxAttempts: 1 }));
      return async () => {
        await client.send(
          new GetQueueAttributesCommand({ QueueUrl: targets.queueUrl, AttributeNames: ["QueueArn"] }),
        );
      };
    },
    eventbridge: async () => {
      const { EventBridgeClient, DescribeEventBusCommand } = await import("@aws-sdk/client-eventbridge");
      const client = clients.get("eventbridge", () => new EventBridgeClient({ maxAttempts: 1 }));
      return async () => {
        await client.send(new DescribeEventBusCommand({ Name: targets.eventBusName }));
      };
    },
    secretsManager: async () => {
      const { SecretsManagerClient, DescribeSecretCommand } = await import("@aws-sdk/client-secrets-manager");
      const client = clients.get("secrets", () => new SecretsManagerClient({ maxAttempts: 1 }));
      return async () => {
        await client.send(new DescribeSecretCommand({ SecretId: targets.secretId }));
      };
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
