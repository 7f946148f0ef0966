import { describe, expect, it } from "vitest";
import { NotFoundError } from "#shared/domain/errors";
import {
  AGES_UNAVAILABLE,
  type AgentQueuesDeps,
  agentQueueStatuses,
  agentQueuesOf,
  type DeadLetter,
  type MoveTask,
  peekAgentDeadLetters,
  type QueueAgesPort,
  type QueueOpsPort,
  redriveAgentDeadLetters,
} from "./agent-queues.ts";

const RUN_ID = "01J0000000000000000000000A";
const NOW = new Date("2026-01-02T03:04:05.000Z");

/** An in-memory SQS as the use cases see it: what each DLQ holds and which redrives ran. */
function fakeQueues(letters: Record<string, DeadLetter[]>, tasks: Record<string, MoveTask[]> = {}) {
  const redriven: string[] = [];
  const port: QueueOpsPort = {
    queueStatus: async (queue) => ({
      queue,
      depth: 3,
      inFlight: 1,
      delayed: 0,
      dlqDepth: letters[`${queue}-dlq`]?.length ?? 0,
    }),
    peekDeadLetters: async (dlq, limit) => (letters[dlq] ?? []).slice(0, limit),
    redrive: async (dlq) => {
      redriven.push(dlq);
      return { taskHandle: `task-of-${dlq}`, messagesToMove: letters[dlq]?.length ?? 0 };
    },
    moveTasks: async (dlq, max = 10) => (tasks[dlq] ?? []).slice(0, max),
  };
  return { port, redriven };
}

const letter = (body: string, attributes: Record<string, string> = {}): DeadLetter => ({
  messageId: `m-${body.length}`,
  body,
  attributes,
  receiveCount: 6,
  sentAt: new Date(NOW.getTime() - 90_000),
});

const agents = agentQueuesOf(
  ["setup", "blog-writer"],
  (role) => `agent-${role}`,
  (queue) => `${queue}-dlq`,
);

/** Ages as CloudWatch would answer them: the queues it has a value for; every ask is recorded. */
function fakeAges(ages: Record<string, number>) {
  const asked: (readonly string[])[] = [];
  const port: QueueAgesPort = {
    oldestMessageAges: async (queues) => {
      asked.push(queues);
      return new Map(queues.map((q) => [q, ages[q] ?? null]));
    },
  };
  return { port, asked };
}

function depsOf(queues: QueueOpsPort, extra: Partial<AgentQueuesDeps> = {}): AgentQueuesDeps {
  return { queues, agents, now: () => NOW, ...extra };
}

describe("agent queues", () => {
  it("derives each agent's queue and DLQ from its role", () => {
    expect(agents).toEqual([
      { role: "setup", queue: "agent-setup", deadLetterQueue: "agent-setup-dlq" },
      { role: "blog-writer", queue: "agent-blog-writer", deadLetterQueue: "agent-blog-writer-dlq" },
    ]);
  });

  it("lists every agent's depths with its DLQ's latest redrive", async () => {
    const { port } = fakeQueues(
      { "agent-setup-dlq": [letter("{}")] },
      {
        "agent-setup-dlq": [
          { status: "COMPLETED", moved: 2, toMove: 2, startedAt: new Date("2026-01-01T00:00:00.000Z") },
        ],
      },
    );

    const ages = fakeAges({ "agent-setup": 42, "agent-setup-dlq": 3600, "agent-blog-writer": 0 });
    const failures: unknown[] = [];

    expect(
      await agentQueueStatuses(
        depsOf(port, { ages: { port: ages.port, onFailure: (error) => failures.push(error) } }),
      ),
    ).toEqual({
      items: [
        {
          role: "setup",
          queue: "agent-setup",
          deadLetterQueue: "agent-setup-dlq",
          depth: 3,
          inFlight: 1,
          delayed: 0,
          dlqDepth: 1,
          oldestMessageAgeSeconds: 42,
          dlqOldestMessageAgeSeconds: 3600,
          lastRedrive: { status: "COMPLETED", moved: 2, toMove: 2, startedAt: "2026-01-01T00:00:00.000Z" },
        },
        {
          role: "blog-writer",
          queue: "agent-blog-writer",
          deadLetterQueue: "agent-blog-writer-dlq",
          depth: 3,
          inFlight: 1,
          delayed: 0,
          dlqDepth: 0,
          oldestMessageAgeSeconds: 0,
          dlqOldestMessageAgeSeconds: null,
          lastRedrive: null,
        },
      ],
      warnings: [],
    });
    expect(failures).toEqual([]);
    // One read for every queue and DLQ, not one per agent.
    expect(ages.asked).toEqual([
      ["agent-setup", "agent-setup-dlq", "agent-blog-writer", "agent-blog-writer-dlq"],
    ]);
  });

  it("still lists the depths when the ages cannot be read, says so, and passes the failure on", async () => {
    const { port } = fakeQueues({ "agent-setup-dlq": [letter("{}")] });
    const outage = new Error("CloudWatch is down");
    const failures: unknown[] = [];
    const ages: QueueAgesPort = {
      oldestMessageAges: async () => {
        throw outage;
      },
    };

    const listing = await agentQueueStatuses(
      depsOf(port, { ages: { port: ages, onFailure: (error) => failures.push(error) } }),
    );

    expect(
      listing.items.map((q) => [q.role, q.dlqDepth, q.oldestMessageAgeSeconds, q.dlqOldestMessageAgeSeconds]),
    ).toEqual([
      ["setup", 1, null, null],
      ["blog-writer", 0, null, null],
    ]);
    expect(listing.warnings).toEqual([
      { code: AGES_UNAVAILABLE, message: expect.stringContaining("CloudWatch") },
    ]);
    expect(failures).toEqual([outage]);
  });

  it("says the ages were not read when nothing reads them", async () => {
    const { port } = fakeQueues({});

    const listing = await agentQueueStatuses(depsOf(port));

    expect(listing.items.every((q) => q.oldestMessageAgeSeconds === null)).toBe(true);
    expect(listing.warnings.map((w) => w.code)).toEqual([AGES_UNAVAILABLE]);
  });

  it("shows what a dead job carries, its age, and the reason when the caller can tell", async () => {
    const { port } = fakeQueues({
      "agent-setup-dlq": [
        letter(JSON.stringify({ runId: RUN_ID, role: "setup" }), { tenantId: "t1", correlationId: "c1" }),
      ],
    });
    const asked: string[] = [];
    const reasonOf = async (tenantId: string, runId: string) => {
      asked.push(`${tenantId}/${runId}`);
      return "model timed out";
    };

    const peek = await peekAgentDeadLetters(depsOf(port, { reasonOf }), "setup", 10);

    expect(peek).toEqual({
      role: "setup",
      deadLetterQueue: "agent-setup-dlq",
      items: [
        {
          messageId: expect.any(String),
          runId: RUN_ID,
          tenantId: "t1",
          correlationId: "c1",
          receiveCount: 6,
          sentAt: "2026-01-02T03:02:35.000Z",
          ageSeconds: 90,
          reason: "model timed out",
        },
      ],
    });
    expect(asked).toEqual([`t1/${RUN_ID}`]);
  });

  it("shows a malformed message raw instead of failing the peek, and gives no reason without the hook", async () => {
    const { port } = fakeQueues({
      "agent-setup-dlq": [letter("not json"), letter(JSON.stringify({ runId: "nope" }), { tenantId: "t1" })],
    });

    const { items } = await peekAgentDeadLetters(depsOf(port), "setup", 10);

    expect(items.map((i) => ({ runId: i.runId, body: i.body, reason: i.reason }))).toEqual([
      { runId: null, body: "not json", reason: undefined },
      { runId: null, body: '{"runId":"nope"}', reason: undefined },
    ]);
  });

  it("redrives the agent's own DLQ", async () => {
    const { port, redriven } = fakeQueues({ "agent-blog-writer-dlq": [letter("x"), letter("yy")] });

    expect(await redriveAgentDeadLetters(depsOf(port), "blog-writer")).toEqual({
      role: "blog-writer",
      queue: "agent-blog-writer",
      deadLetterQueue: "agent-blog-writer-dlq",
      taskHandle: "task-of-agent-blog-writer-dlq",
      messagesToMove: 2,
    });
    expect(redriven).toEqual(["agent-blog-writer-dlq"]);
  });

  it("refuses an unknown role before touching a queue", async () => {
    const { port, redriven } = fakeQueues({});

    await expect(redriveAgentDeadLetters(depsOf(port), "events")).rejects.toThrow(NotFoundError);
    await expect(peekAgentDeadLetters(depsOf(port), "events", 1)).rejects.toMatchObject({
      code: "QUEUES.UNKNOWN_AGENT",
    });
    expect(redriven).toEqual([]);
  });
});
