import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LocalEcsAgent } from "#scripts/local/ecs-agent";
import type { ConsumerLog } from "./consumer.ts";
import {
  createTaskProtection,
  MAX_PROTECTION_MINUTES,
  protectionMinutes,
  type TaskProtectionOptions,
} from "./task-protection.ts";

/** A local "minute" of this long lets a test see renewals and expiries in seconds. */
const MINUTE_MS = 3000;

let agent: LocalEcsAgent;
/** Closes what a test opened. */
const opened: (() => void)[] = [];

beforeAll(async () => {
  agent = await LocalEcsAgent.start({
    region: "eu-west-1",
    account: "000000000000",
    cluster: "c",
    minuteMs: MINUTE_MS,
  });
});
afterAll(async () => {
  await agent?.stop();
});
afterEach(() => {
  for (const close of opened.splice(0)) close();
});

interface Line {
  level: keyof ConsumerLog;
  message: string;
  extra: Record<string, unknown>;
}

function setUp(options: Partial<TaskProtectionOptions> = {}) {
  const taskId = randomUUID().replaceAll("-", "");
  const lines: Line[] = [];
  const sink =
    (level: keyof ConsumerLog) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      lines.push({ level, message, extra: Object.assign({}, ...extra) });
  const log: ConsumerLog = {
    debug: sink("debug"),
    info: sink("info"),
    warn: sink("warn"),
    error: sink("error"),
  };
  let failures = 0;
  let puts = 0;
  const unsubscribe = agent.onChange(() => {
    puts += 1;
  });
  const protection = createTaskProtection({
    agentUri: agent.register(taskId),
    jobTimeoutSeconds: 2,
    idleMs: 100,
    countFailure: () => {
      failures += 1;
    },
    log,
    ...options,
  });
  opened.push(() => {
    protection.close();
    unsubscribe();
  });
  return {
    taskId,
    protection,
    lines,
    failures: () => failures,
    /** Successful PUTs the agent answered for this task (and any other test's, run serially). */
    puts: () => puts,
    state: () => agent.protection(taskId),
  };
}

/** What the agent answered, as a failed change's log line carries it, as JSON. */
function answered(line: Line | undefined): string {
  const { failure, agentError, status, requestId } = line?.extra ?? {};
  return JSON.stringify({ status, failure, agentError, requestId });
}

/** Resolves once `check` holds after a protection change the agent answered. */
function untilAgent(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`not met within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = agent.onChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

describe("protectionMinutes", () => {
  it("covers twice the job timeout, at least a minute and at most ECS's 2880", () => {
    expect(protectionMinutes(5)).toBe(1);
    expect(protectionMinutes(900)).toBe(30);
    expect(protectionMinutes(7 * 24 * 3600)).toBe(MAX_PROTECTION_MINUTES);
  });
});

describe("task scale-in protection", () => {
  it("is off without ECS_AGENT_URI, says so once, and lets jobs run", async () => {
    const lines: string[] = [];
    const log: ConsumerLog = {
      debug: () => undefined,
      info: (message) => lines.push(message),
      warn: (message) => lines.push(message),
      error: (message) => lines.push(message),
    };
    const protection = createTaskProtection({
      agentUri: undefined,
      jobTimeoutSeconds: 2,
      countFailure: () => undefined,
      log,
    });
    const hold = await protection.hold({ correlationId: "c-1" });
    hold.release();
    await protection.hold({});
    expect(protection.enabled).toBe(false);
    expect(lines).toEqual([expect.stringContaining("ECS_AGENT_URI is not set")]);
  });

  it("turns protection on before a job starts, for twice its timeout, and once for jobs arriving together", async () => {
    const { protection, state, puts, lines } = setUp();
    const before = puts();
    const startedAt = Date.now();
    const holds = await Promise.all(
      ["a", "b", "c"].map((id) => protection.hold({ correlationId: `corr-${id}`, messageId: id })),
    );
    // Each job's hold resolved only once the agent had the task protected.
    expect(state().enabled).toBe(true);
    expect(state().expiresAt).toBeGreaterThanOrEqual(startedAt + protectionMinutes(2) * MINUTE_MS);
    expect(puts() - before).toBe(1);
    expect(lines.filter((l) => l.message === "task protection on")).toHaveLength(1);
    for (const hold of holds) hold.release();
  });

  it("keeps protection on while any job runs and turns it off once the task has been idle", async () => {
    const { protection, state, puts } = setUp({ idleMs: 300 });
    const first = await protection.hold({ correlationId: "one" });
    const second = await protection.hold({ correlationId: "two" });
    const afterOn = puts();
    first.release();
    // Another job follows within the idle time: no request at all.
    const third = await protection.hold({ correlationId: "three" });
    second.release();
    third.release();
    expect(state().enabled).toBe(true);
    await untilAgent(() => !state().enabled);
    expect(puts() - afterOn).toBe(1);
    // Released twice: nothing more happens.
    third.release();
    const again = await protection.hold({ correlationId: "four" });
    expect(state().enabled).toBe(true);
    again.release();
  });

  it("renews the protection halfway to its expiry while a job within its timeout runs", async () => {
    const { protection, state } = setUp({ jobTimeoutSeconds: 2 });
    const hold = await protection.hold({ correlationId: "long" });
    const firstExpiry = state().expiresAt ?? 0;
    await untilAgent(() => (state().expiresAt ?? 0) > firstExpiry);
    expect(state().enabled).toBe(true);
    hold.release();
  });

  it("turns protection off when every job it holds has overrun its timeout, so a hung task can scale in", async () => {
    const { protection, state, lines } = setUp({ jobTimeoutSeconds: 1, idleMs: 60_000 });
    const hung = await protection.hold({ correlationId: "hung", messageId: "m-hung" });
    expect(state().enabled).toBe(true);
    await untilAgent(() => !state().enabled);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: expect.stringContaining("overran its timeout"),
        extra: { overrun: [{ correlationId: "hung", messageId: "m-hung" }] },
      }),
    );
    hung.release();
  });

  it("logs a 200 that carries a failure with the job's correlation id, counts it, lets the job run and tries again with the next job", async () => {
    const { taskId, protection, state, lines, failures } = setUp();
    agent.injectFaults(taskId, {
      status: 200,
      body: {
        failure: {
          Arn: `arn:aws:ecs:eu-west-1:000000000000:task/c/${taskId}`,
          Detail: null,
          Reason: "TASK_NOT_VALID",
        },
      },
    });
    const first = await protection.hold({ correlationId: "corr-failed", messageId: "m-1" });
    expect(state().enabled).toBe(false);
    expect(protection.enabled).toBe(false);
    expect(failures()).toBe(1);
    const failed = lines.find((l) => l.level === "error");
    expect(failed?.message).toBe("could not turn task protection on");
    expect(failed?.extra).toMatchObject({ correlationId: "corr-failed", messageId: "m-1" });
    expect(answered(failed)).toContain('"Reason":"TASK_NOT_VALID"');

    const second = await protection.hold({ correlationId: "corr-next" });
    expect(state().enabled).toBe(true);
    expect(failures()).toBe(1);
    first.release();
    second.release();
  });

  it("logs and counts an error answer (a throttled call) and an unreachable agent", async () => {
    const { taskId, protection, lines, failures } = setUp({ requestTimeoutMs: 1000 });
    agent.injectFaults(taskId, {
      status: 400,
      body: {
        requestID: "r-1",
        error: { Arn: "arn", Code: "ThrottlingException", Message: "Rate exceeded" },
      },
    });
    (await protection.hold({ correlationId: "corr-throttled" })).release();
    const unreachable = createTaskProtection({
      agentUri: "http://127.0.0.1:9/api/none",
      jobTimeoutSeconds: 2,
      countFailure: () => undefined,
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    opened.push(() => unreachable.close());
    await expect(unreachable.hold({})).resolves.toBeDefined();
    expect(unreachable.enabled).toBe(false);
    expect(failures()).toBe(1);
    expect(lines.find((l) => l.level === "error")?.extra).toMatchObject({ correlationId: "corr-throttled" });
    expect(answered(lines.find((l) => l.level === "error"))).toContain('"Code":"ThrottlingException"');
  });
});

describe("the local ECS agent endpoint", () => {
  it("answers GET and PUT with the agent's shapes and refuses a malformed request with a 400 error", async () => {
    const taskId = randomUUID().replaceAll("-", "");
    const uri = `${agent.register(taskId)}/task-protection/v1/state`;
    const get = await fetch(uri);
    expect(await get.json()).toEqual({
      protection: {
        ExpirationDate: null,
        ProtectionEnabled: false,
        TaskArn: `arn:aws:ecs:eu-west-1:000000000000:task/c/${taskId}`,
      },
    });
    const put = await fetch(uri, { method: "PUT", body: JSON.stringify({ ProtectionEnabled: true }) });
    const body = (await put.json()) as { protection: { ExpirationDate: string; ProtectionEnabled: boolean } };
    expect(put.status).toBe(200);
    expect(body.protection.ProtectionEnabled).toBe(true);
    // No ExpiresInMinutes: ECS's default of 120 minutes.
    expect(Date.parse(body.protection.ExpirationDate) - Date.now()).toBeGreaterThan(119 * MINUTE_MS);
    const bad = await fetch(uri, {
      method: "PUT",
      body: JSON.stringify({ ProtectionEnabled: true, ExpiresInMinutes: MAX_PROTECTION_MINUTES + 1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { Code: "InvalidParameterException" } });
    agent.deregister(taskId);
    expect((await fetch(uri)).status).toBe(404);
  });
});
