/** The event and job kits against the local EventBridge and SQS: what is refused never leaves. */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createEventPublisher, EventPublishError, EventValidationError } from "#shared/adapters/events";
import { createJobQueue, JobValidationError } from "#shared/adapters/jobs";
import { defineEvent } from "#shared/contracts/event-definition";
import { defineJob } from "#shared/contracts/job-definition";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { KIT_PUBLIC_ROUTES, kitDeclaration } from "./kit/declaration.ts";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let sqs: SQSClient;
let eventbridge: EventBridgeClient;
const tenant = parseTenantId("tenant-m");
const contentApproved = defineEvent(
  "content.approved",
  z.object({ contentId: z.string().check(z.minLength(1)) }),
);
const indexJob = defineJob(
  "index-note",
  "jobs",
  z.strictObject({ noteId: z.string().check(z.minLength(1)) }),
);

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration: kitDeclaration,
    publicRoutes: KIT_PUBLIC_ROUTES,
    log: consoleLog("error"),
  });
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  eventbridge = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
});

afterAll(async () => {
  sqs?.destroy();
  eventbridge?.destroy();
  await cloud?.stop();
});

async function messagesIn(queue: string): Promise<number> {
  const result = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: cloud.locator.queueUrl(queue),
      AttributeNames: ["ApproximateNumberOfMessages"],
    }),
  );
  return Number(result.Attributes?.ApproximateNumberOfMessages ?? "0");
}

describe("the event kit", () => {
  it("publishes a valid event with its correlation id and tenant in the envelope", async () => {
    const publisher = createEventPublisher({
      client: eventbridge,
      busName: cloud.locator.eventBusName,
      source: "leadmetrics.content",
    });
    const id = await publisher.publish(
      contentApproved,
      { contentId: "c-1" },
      { correlationId: "corr-ev-1", tenantId: tenant },
    );
    const recorded = cloud.events().find((r) => r.event.id === id);
    expect(recorded?.event).toMatchObject({
      source: "leadmetrics.content",
      "detail-type": "content.approved",
      detail: { metadata: { correlationId: "corr-ev-1", tenantId: "tenant-m" }, data: { contentId: "c-1" } },
    });
  });

  it("refuses an event that does not match its schema, and sends nothing", async () => {
    const publisher = createEventPublisher({
      client: eventbridge,
      busName: cloud.locator.eventBusName,
      source: "leadmetrics.content",
    });
    const before = cloud.events().length;
    await expect(
      publisher.publish(contentApproved, { contentId: "" }, { correlationId: "corr-ev-2", tenantId: tenant }),
    ).rejects.toBeInstanceOf(EventValidationError);
    expect(cloud.events().length).toBe(before);
  });

  it("raises, never drops, an entry EventBridge refuses", async () => {
    const publisher = createEventPublisher({
      client: eventbridge,
      busName: "no-such-bus",
      source: "leadmetrics.content",
    });
    await expect(
      publisher.publish(contentApproved, { contentId: "c-2" }, { correlationId: "corr-ev-3" }),
    ).rejects.toBeInstanceOf(EventPublishError);
  });
});

describe("the event kit's PutEvents", () => {
  /** Counts the PutEvents requests a client sends, with their entries. */
  function countingClient() {
    const client = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
    const requests: number[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        requests.push((args.input as { Entries?: unknown[] }).Entries?.length ?? 0);
        return next(args);
      },
      { step: "initialize", name: "countPutEvents" },
    );
    return { client, requests };
  }

  it("carries the events published together, each answered with its own id", async () => {
    const { client, requests } = countingClient();
    const publisher = (source: string) =>
      createEventPublisher({ client, busName: cloud.locator.eventBusName, source });
    try {
      const ids = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          publisher(n % 2 ? "leadmetrics.content" : "leadmetrics.agents").publish(
            contentApproved,
            { contentId: `c-batch-${n}` },
            { correlationId: `corr-batch-${n}`, tenantId: tenant },
          ),
        ),
      );
      // At most 10 entries a request: 12 events, two requests.
      expect(requests).toEqual([10, 2]);
      expect(new Set(ids).size).toBe(12);
      for (const [n, id] of ids.entries()) {
        expect(cloud.events().find((r) => r.event.id === id)?.event).toMatchObject({
          source: n % 2 ? "leadmetrics.content" : "leadmetrics.agents",
          detail: { metadata: { correlationId: `corr-batch-${n}` }, data: { contentId: `c-batch-${n}` } },
        });
      }
    } finally {
      client.destroy();
    }
  });

  it("fails only the publisher whose entry was refused in a shared request", async () => {
    const { client, requests } = countingClient();
    const good = createEventPublisher({
      client,
      busName: cloud.locator.eventBusName,
      source: "leadmetrics.content",
    });
    const bad = createEventPublisher({ client, busName: "no-such-bus", source: "leadmetrics.content" });
    try {
      const [published, refused] = await Promise.allSettled([
        good.publish(contentApproved, { contentId: "c-shared-1" }, { correlationId: "corr-shared-1" }),
        bad.publish(contentApproved, { contentId: "c-shared-2" }, { correlationId: "corr-shared-2" }),
      ]);
      expect(requests).toEqual([2]);
      expect(published).toMatchObject({ status: "fulfilled", value: expect.any(String) });
      expect(refused).toMatchObject({ status: "rejected", reason: expect.any(EventPublishError) });
      expect(String((refused as PromiseRejectedResult).reason.message)).toMatch(/no-such-bus/);
    } finally {
      client.destroy();
    }
  });
});

describe("the job kit", () => {
  it("refuses a payload that does not match its schema, and enqueues nothing", async () => {
    const jobs = createJobQueue({ client: sqs, queueUrl: (q) => cloud.locator.queueUrl(q) });
    const before = await messagesIn("jobs");
    await expect(
      jobs.enqueue(indexJob, { noteId: "n1", extra: true } as never, {
        tenantId: tenant,
        correlationId: "c",
      }),
    ).rejects.toBeInstanceOf(JobValidationError);
    expect(await messagesIn("jobs")).toBe(before);
  });

  it("enqueues a valid job", async () => {
    const jobs = createJobQueue({ client: sqs, queueUrl: (q) => cloud.locator.queueUrl(q) });
    const before = await messagesIn("jobs");
    const id = await jobs.enqueue(
      indexJob,
      { noteId: "n2" },
      { tenantId: tenant, correlationId: "c", deduplicationId: "n2" },
    );
    expect(id).toBeTypeOf("string");
    expect(await messagesIn("jobs")).toBe(before + 1);
  });
});
