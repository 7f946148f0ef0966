import { createSocket, type Socket } from "node:dgram";
import { Readable } from "node:stream";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AWS_CALL_TRACING, traceAwsClient } from "./aws-client-tracing.ts";
import { traceInvocation } from "./invocation-middleware.ts";
import { annotate, resetTracing } from "./invocation-trace.ts";
import type { SubsegmentDocument } from "./segment-document.ts";

const ROOT = "1-5759e988-bd862e3fe1be46a994272793";
const LAMBDA_SEGMENT = "53995c3f42cd8ad8";

/** The X-Ray daemon of these tests: a real UDP socket that keeps what it receives. */
let daemon: Socket;
let received: SubsegmentDocument[] = [];
let waiting: { count: number; resolve: () => void } | undefined;

function documents(count: number): Promise<SubsegmentDocument[]> {
  if (received.length >= count) return Promise.resolve(received);
  return new Promise((resolve) => {
    waiting = { count, resolve: () => resolve(received) };
  });
}

beforeAll(async () => {
  daemon = createSocket("udp4");
  daemon.on("message", (message) => {
    const [header, body] = message.toString("utf8").split("\n");
    expect(JSON.parse(header ?? "")).toEqual({ format: "json", version: 1 });
    received.push(JSON.parse(body ?? "") as SubsegmentDocument);
    if (waiting && received.length >= waiting.count) waiting.resolve();
  });
  await new Promise<void>((bound) => daemon.bind(0, "127.0.0.1", bound));
});
afterAll(() => daemon.close());

const saved = { ...process.env };
beforeEach(() => {
  received = [];
  process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
  process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`;
  process.env.POWERTOOLS_SERVICE_NAME = "tenant-users";
  process.env.AWS_LAMBDA_FUNCTION_NAME = "leadmetrics-dev-tenant-users";
  resetTracing();
});
afterEach(() => {
  process.env = { ...saved };
  resetTracing();
});

/** What the service answers, as the SDK's HTTP handler would hand it over (no network). */
function answering(status: number, body: object, headers: Record<string, string> = {}) {
  const seen: Record<string, string>[] = [];
  const requestHandler = {
    seen,
    handle: async (request: { headers: Record<string, string> }) => {
      seen.push({ ...request.headers });
      return {
        response: {
          statusCode: status,
          headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "REQ-1", ...headers },
          body: Readable.from([Buffer.from(JSON.stringify(body))]),
        },
      };
    },
  };
  const client = new DynamoDBClient({
    region: "eu-west-1",
    endpoint: "http://dynamodb.test",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler,
  });
  return { client: traceAwsClient(client), seen };
}

const context = { awsRequestId: "r-1" } as Context;

describe("traceAwsClient", () => {
  it("records a call in a sampled invocation as an aws subsegment nested in ## handler", async () => {
    const { client, seen } = answering(200, { Item: { pk: { S: "a" } } });
    const handler = middy<unknown, { statusCode: number }>()
      .use(traceInvocation())
      .handler(async () => {
        annotate("correlationId", "corr-1");
        await client.send(new GetItemCommand({ TableName: "leadmetrics-dev-data", Key: { pk: { S: "a" } } }));
        return { statusCode: 200 };
      });

    await handler({}, context);
    const [call, invocation] = await documents(2);

    expect(invocation).toMatchObject({
      type: "subsegment",
      name: "## handler",
      trace_id: ROOT,
      parent_id: LAMBDA_SEGMENT,
      annotations: { ColdStart: true, Service: "tenant-users", correlationId: "corr-1" },
    });
    expect(invocation?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(call).toEqual({
      type: "subsegment",
      name: "DynamoDB",
      namespace: "aws",
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      trace_id: ROOT,
      parent_id: invocation?.id,
      start_time: expect.any(Number),
      end_time: expect.any(Number),
      aws: {
        operation: "GetItem",
        region: "eu-west-1",
        request_id: "REQ-1",
        retries: 0,
        table_name: "leadmetrics-dev-data",
      },
      http: { response: { status: 200 } },
    });
    expect(invocation?.start_time).toBeLessThanOrEqual(call?.start_time ?? 0);
    expect(call?.end_time).toBeLessThanOrEqual(invocation?.end_time ?? 0);
    // The call carries the trace on, with this subsegment as the parent.
    expect(seen[0]?.["X-Amzn-Trace-Id"]).toBe(`Root=${ROOT};Parent=${call?.id};Sampled=1`);
  });

  it("marks a throttled call with error, throttle and the service's exception as a remote cause", async () => {
    const { client } = answering(400, {
      __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
      message: "Rate exceeded",
    });
    await expect(
      client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } })),
    ).rejects.toThrow("Rate exceeded");
    const [call] = await documents(1);
    // Outside a ## handler the call nests in Lambda's segment for the invocation.
    expect(call).toMatchObject({
      parent_id: LAMBDA_SEGMENT,
      error: true,
      throttle: true,
      http: { response: { status: 400 } },
      cause: {
        exceptions: [
          { type: "ProvisionedThroughputExceededException", message: "Rate exceeded", remote: true },
        ],
      },
    });
    expect(call?.fault).toBeUndefined();
  });

  it("marks a 5xx answer as a fault", async () => {
    const { client } = answering(500, { __type: "InternalServerError", message: "boom" });
    await expect(
      client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } })),
    ).rejects.toThrow();
    const [call] = await documents(1);
    expect(call).toMatchObject({ fault: true, http: { response: { status: 500 } } });
  });

  it("traces a DocumentClient's calls once, through the client's shared stack", async () => {
    const { client } = answering(200, { Item: { pk: { S: "a" } } });
    const doc = traceAwsClient(DynamoDBDocumentClient.from(client));
    expect(client.middlewareStack.identify().filter((m) => m.startsWith(AWS_CALL_TRACING))).toHaveLength(1);
    await doc.send(new GetCommand({ TableName: "t", Key: { pk: "a" } }));
    const [call] = await documents(1);
    expect(call?.aws).toMatchObject({ operation: "GetItem", table_name: "t" });
  });

  it("sends nothing for an unsampled invocation, and the call goes through untouched", async () => {
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=0`;
    const { client, seen } = answering(200, { Item: { pk: { S: "a" } } });
    const handler = middy()
      .use(traceInvocation())
      .handler(async () => client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } })));
    await handler({}, context);
    // A marker document sent afterwards arrives first: nothing was sent before it.
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`;
    await client.send(new GetItemCommand({ TableName: "marker", Key: { pk: { S: "a" } } }));
    const [first] = await documents(1);
    expect(first?.aws?.table_name).toBe("marker");
    expect(received).toHaveLength(1);
    // Sampled=0 passes on unchanged by the SDK's own trace propagation.
    expect(seen[0]?.["X-Amzn-Trace-Id"]).toContain("Sampled=0");
  });

  it("sends nothing and fails nothing without a daemon address", async () => {
    delete process.env.AWS_XRAY_DAEMON_ADDRESS;
    resetTracing();
    const { client } = answering(200, { Item: { pk: { S: "a" } } });
    const handler = middy()
      .use(traceInvocation())
      .handler(async () => client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } })));
    await expect(handler({}, context)).resolves.toMatchObject({ Item: { pk: { S: "a" } } });
  });
});

describe("traceInvocation", () => {
  it("marks an invocation that failed without a response as a fault with its cause", async () => {
    const handler = middy()
      .use(traceInvocation())
      .handler(async () => {
        throw new TypeError("no such thing");
      });
    await expect(handler({}, context)).rejects.toThrow("no such thing");
    const [invocation] = await documents(1);
    expect(invocation).toMatchObject({
      name: "## handler",
      fault: true,
      cause: { exceptions: [{ type: "TypeError", message: "no such thing" }] },
    });
  });

  it("takes a response's status for the flags, and only the first invocation is a cold start", async () => {
    const handler = middy<unknown, { statusCode: number }>()
      .use(traceInvocation())
      .handler(async () => ({ statusCode: 404 }));
    await handler({}, context);
    await handler({}, context);
    const [first, second] = await documents(2);
    expect(first).toMatchObject({ error: true, annotations: { ColdStart: true } });
    expect(second).toMatchObject({ error: true, annotations: { ColdStart: false } });
    expect(first?.fault).toBeUndefined();
  });
});
