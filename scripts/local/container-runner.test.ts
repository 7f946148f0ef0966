import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalContainerService } from "./container-runner.ts";
import { LocalEcsAgent } from "./ecs-agent.ts";
import { FunctionBundles } from "./function-bundles.ts";
import type { Log } from "./log.ts";

/** A local "minute" of protection. */
const MINUTE_MS = 2500;

let agent: LocalEcsAgent;
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

it("gives each task its own agent endpoint and scales in only once a task's protection has lapsed", async () => {
  const lines: string[] = [];
  let protectedSaid: () => void = () => undefined;
  const saidProtected = new Promise<void>((resolve) => {
    protectedSaid = resolve;
  });
  const log: Log = (_level, message) => {
    lines.push(message);
    if (message.includes("protected 200")) protectedSaid();
  };
  const service = new LocalContainerService({
    name: "protected",
    root: process.cwd(),
    program: await new FunctionBundles(process.cwd()).bundleOf({
      entry: "scripts/local/fixtures/protected-task.entry.ts",
      host: "container",
    }),
    desiredCount: 1,
    environment: {},
    stopTimeoutSeconds: 5,
    agent,
    log,
  });
  service.start();
  try {
    await saidProtected;
    const [task] = service.tasks();
    expect(task?.protected).toBe(true);
    const { expiresAt = 0 } = agent.protection(task?.id ?? "");
    // The task's own ARN came back: the endpoint it was given is its own.
    expect(lines.join("\n")).toContain(`task/c/${task?.id}`);

    service.scaleTo(0);
    expect(service.tasks().map((t) => t.id)).toEqual([task?.id]);
    const stopped = await new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        if (service.tasks().length > 0) return;
        clearInterval(poll);
        resolve(Date.now());
      }, 20);
    });
    // Not stopped while protected; stopped once the protection lapsed, with no request to end it.
    expect(stopped).toBeGreaterThanOrEqual(expiresAt);
    expect(lines).toContainEqual(expect.stringContaining("1 surplus task(s) protected; the scale-in waits"));
  } finally {
    await service.stop();
  }
}, 30_000);

it("on teardown ends an idle task at once and stops a task holding a job with SIGTERM", async () => {
  const lines: string[] = [];
  const saw = (text: string) =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (!lines.some((line) => line.includes(text))) return;
        clearInterval(poll);
        resolve();
      }, 20);
    });
  const log: Log = (_level, message) => {
    lines.push(message);
  };
  const bundles = new FunctionBundles(process.cwd());
  const serviceOf = async (name: string, entry: string) =>
    new LocalContainerService({
      name,
      root: process.cwd(),
      program: await bundles.bundleOf({ entry, host: "container" }),
      desiredCount: 1,
      environment: {},
      // Longer than the test: a task left to its stop timeout would fail it.
      stopTimeoutSeconds: 60,
      agent,
      log,
    });
  const idle = await serviceOf("idle", "scripts/local/fixtures/polling-task.entry.ts");
  const busy = await serviceOf("busy", "scripts/local/fixtures/protected-task.entry.ts");
  idle.start();
  busy.start();
  await Promise.all([saw("] polling"), saw("protected 200")]);
  expect(busy.tasks()[0]?.protected).toBe(true);
  expect(idle.tasks()[0]?.protected).toBe(false);

  await Promise.all([idle.stop("teardown"), busy.stop("teardown")]);

  expect(idle.tasks()).toEqual([]);
  expect(busy.tasks()).toEqual([]);
  expect(lines).toContainEqual(expect.stringMatching(/^idle\/\w+ stopped \(signal SIGKILL\)$/));
  expect(lines).not.toContainEqual(expect.stringContaining("SIGTERM: waiting for the poll"));
  expect(lines).toContainEqual(expect.stringMatching(/^busy\/\w+ stopped \(exit code 0\)$/));
}, 30_000);
