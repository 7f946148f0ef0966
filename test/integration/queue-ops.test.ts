/**
 * The ops view of the agent job queues (`/api/admin/v1/queues…`) on the real declaration's local
 * cloud, with the queue consumers off so the queues hold still: a super-admin sees the depths and the
 * ages of the oldest messages (from the local CloudWatch; without it, the depths alone and a warning),
 * peeks a dead-lettered job without taking it, redrives it back to its agent's queue (audited); nobody
 * else may, and an unknown agent is refused in the standard error shape.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { adminRoutes } from "#shared/contracts/admin.routes";
import { platform } from "#shared/contracts/platform";
import { AGENT_ROLES } from "#shared/domain/agents/catalog";
import { hashPassword } from "#shared/domain/identity/password";
import { callApi, clientConfig } from "./support.ts";

const QUEUES = "/api/admin/v1/queues";
const PASSWORD = "correct horse battery staple";
const RUN_ID = "01J5ZQ8V0000000000000000AB";

interface Json {
  items?: Record<string, unknown>[];
  accessToken?: string;
  user?: { tenantId: string };
  error?: { code: string; message: string; requestId: string; fields?: { in: string; path: string }[] };
  message?: string;
  [key: string]: unknown;
}

let cloud: LocalCloud;
/** What the local cloud logged, the functions' output included. */
const logged: string[] = [];
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let superAdmin: { id: string; token: string };
let tenantAdmin: { tenantId: string; token: string };

const call = (method: string, path: string, token?: string) => callApi<Json>(cloud, method, path, { token });
const asSuperAdmin = (method: string, path: string) => call(method, path, superAdmin.token);

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the answer has no ${what}`);
  return value;
}

async function statusOf(role: string): Promise<Record<string, unknown>> {
  const answer = await asSuperAdmin("GET", QUEUES);
  expect(answer.status).toBe(200);
  return required(
    answer.json.items?.find((q) => q.role === role),
    `queue of ${role}`,
  );
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeAll(async () => {
  cloud = await startLocalCloud({
    // Nothing reads the queues but the test: no consumers, and the dead-letter sweep (which peeks,
    // hiding a message for a moment) never comes due.
    declaration: {
      ...platform,
      schedules: platform.schedules.map((s) => ({ ...s, expression: "cron(0 0 1 1 ? 2099)" })),
    },
    log: (level, message, detail) => {
      logged.push(message);
      consoleLog("error")(level, message, detail);
    },
    authorizerCacheTtlSeconds: 0,
    consumers: false,
  });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  const email = `root.${Date.now()}@example.com`;
  const id = await createIdentityRepositories(
    new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName }),
  ).users.createStaff({
    name: "Root",
    email,
    role: "super_admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  const signedIn = await callApi<Json>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: PASSWORD },
  });
  superAdmin = { id, token: required(signedIn.json.accessToken, "token") };
  const registered = await callApi<Json>(cloud, "POST", "/api/auth/v1/register", {
    body: { tenantName: "Acme", name: "Ada", email: `ada.${Date.now()}@example.com`, password: PASSWORD },
  });
  expect(registered.status).toBe(201);
  tenantAdmin = {
    tenantId: required(registered.json.user, "user").tenantId,
    token: required(registered.json.accessToken, "token"),
  };
  // A job of the setup agent that exhausted its deliveries, as SQS leaves it in the DLQ.
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: cloud.locator.queueUrl("agent-setup-dlq"),
      MessageBody: JSON.stringify({ runId: RUN_ID, role: "setup" }),
      MessageAttributes: {
        job: { DataType: "String", StringValue: "agent.run.setup" },
        correlationId: { DataType: "String", StringValue: "corr-queue-ops" },
        tenantId: { DataType: "String", StringValue: tenantAdmin.tenantId },
      },
    }),
  );
  // A job the blog writer has not taken yet (nothing consumes here).
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: cloud.locator.queueUrl("agent-blog-writer"),
      MessageBody: JSON.stringify({ runId: "01J5ZQ8V0000000000000000AC", role: "blog-writer" }),
    }),
  );
});

afterAll(async () => {
  dynamodb?.destroy();
  sqs?.destroy();
  await cloud?.stop();
});

describe("the agent queues, for a super-admin", () => {
  it("lists every agent's queue with its depths and oldest message's age, and its DLQ's", async () => {
    const answer = await asSuperAdmin("GET", QUEUES);

    expect(answer.status).toBe(200);
    expect(answer.json.items?.map((q) => q.role)).toEqual([...AGENT_ROLES]);
    expect(answer.json.items?.find((q) => q.role === "setup")).toEqual({
      role: "setup",
      queue: "agent-setup",
      deadLetterQueue: "agent-setup-dlq",
      depth: 0,
      inFlight: 0,
      delayed: 0,
      // An empty queue has no datapoint: no data, not 0.
      oldestMessageAgeSeconds: null,
      dlqDepth: 1,
      dlqOldestMessageAgeSeconds: expect.any(Number),
      lastRedrive: null,
    });
    expect(answer.json.items?.find((q) => q.role === "blog-writer")).toMatchObject({
      depth: 1,
      oldestMessageAgeSeconds: expect.any(Number),
      dlqDepth: 0,
      dlqOldestMessageAgeSeconds: null,
    });
    expect(answer.json.warnings).toEqual([]);
    expect(safeParse(adminRoutes.listQueues.response, answer.json).success).toBe(true);
  });

  it("still lists the depths while CloudWatch is down: no ages, a warning, and the failure logged", async () => {
    const requestId = `queue-ops-${crypto.randomUUID()}`;
    await cloud.stopService("cloudwatch");
    try {
      const answer = await callApi<Json>(cloud, "GET", QUEUES, {
        token: superAdmin.token,
        headers: { "x-request-id": requestId },
      });

      expect(answer.status).toBe(200);
      expect(answer.json.items?.find((q) => q.role === "setup")).toMatchObject({
        dlqDepth: 1,
        oldestMessageAgeSeconds: null,
        dlqOldestMessageAgeSeconds: null,
      });
      expect(answer.json.warnings).toEqual([
        { code: "QUEUES.AGES_UNAVAILABLE", message: expect.stringContaining("CloudWatch") },
      ]);
      expect(
        logged.filter((line) => line.includes("oldest-message ages") && line.includes(requestId)),
      ).toHaveLength(1);
    } finally {
      await cloud.startService("cloudwatch");
    }
  });

  it("peeks at a dead-lettered job and leaves it in the DLQ", async () => {
    const answer = await asSuperAdmin("GET", `${QUEUES}/setup/dlq?limit=5`);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      role: "setup",
      deadLetterQueue: "agent-setup-dlq",
      items: [
        {
          messageId: expect.any(String),
          runId: RUN_ID,
          tenantId: tenantAdmin.tenantId,
          correlationId: "corr-queue-ops",
          receiveCount: expect.any(Number),
          sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          ageSeconds: expect.any(Number),
        },
      ],
    });
    expect(await statusOf("setup")).toMatchObject({ dlqDepth: 1, depth: 0 });
  });

  it("redrives the DLQ back to the agent's queue, with the job intact, and audits who did it", async () => {
    const requestId = `queue-ops-${crypto.randomUUID()}`;
    const answer = await callApi<Json>(cloud, "POST", `${QUEUES}/setup/redrive`, {
      token: superAdmin.token,
      headers: { "x-request-id": requestId },
    });

    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({
      role: "setup",
      queue: "agent-setup",
      deadLetterQueue: "agent-setup-dlq",
      taskHandle: expect.any(String),
      messagesToMove: 1,
    });
    const status = await until(
      "the redrive to complete",
      () => statusOf("setup"),
      (s) => (s.lastRedrive as { status?: string } | null)?.status === "COMPLETED",
    );
    expect(status).toMatchObject({ depth: 1, dlqDepth: 0, lastRedrive: { moved: 1, toMove: 1 } });
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.locator.queueUrl("agent-setup"),
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
      }),
    );
    expect(
      Messages.map((m) => [JSON.parse(m.Body ?? ""), m.MessageAttributes?.tenantId?.StringValue]),
    ).toEqual([[{ runId: RUN_ID, role: "setup" }, tenantAdmin.tenantId]]);

    const audit = await asSuperAdmin("GET", "/api/admin/v1/audit?type=queue.redriven");
    expect(audit.json.items).toContainEqual(
      expect.objectContaining({
        type: "queue.redriven",
        actor: { userId: superAdmin.id, role: "super_admin", name: "Root" },
        correlationId: requestId,
        details: expect.objectContaining({
          role: "setup",
          deadLetterQueue: "agent-setup-dlq",
          messagesToMove: 1,
        }),
      }),
    );
  });
});

describe("the agent queues, refused", () => {
  it("refuses a tenant admin every queue route with API Gateway's 403", async () => {
    for (const [method, path] of [
      ["GET", QUEUES],
      ["GET", `${QUEUES}/setup/dlq`],
      ["POST", `${QUEUES}/setup/redrive`],
    ] as const) {
      const answer = await call(method, path, tenantAdmin.token);
      expect({ path, status: answer.status, json: answer.json }).toEqual({
        path,
        status: 403,
        json: { message: "Forbidden" },
      });
    }
  });

  it("refuses an unknown agent role in the standard error shape, naming the path parameter", async () => {
    for (const [method, path] of [
      ["GET", `${QUEUES}/events/dlq`],
      ["POST", `${QUEUES}/no-such-agent/redrive`],
    ] as const) {
      const answer = await asSuperAdmin(method, path);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({
        code: "VALIDATION_ERROR",
        requestId: expect.any(String),
        fields: [expect.objectContaining({ in: "path", path: "role" })],
      });
    }
  });

  it("refuses a peek limit outside 1–50", async () => {
    const answer = await asSuperAdmin("GET", `${QUEUES}/setup/dlq?limit=51`);
    expect(answer.status).toBe(400);
    expect(answer.json.error?.fields).toEqual([expect.objectContaining({ in: "query", path: "limit" })]);
  });
});
