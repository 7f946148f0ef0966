import { describe, expect, it } from "vitest";
import type { Log, LogLevel } from "./log.ts";
import { type RunningService, type ServiceEntry, ServiceRegistry } from "./service-registry.ts";

/** A registry of fake services that record what happens to them, in order. */
function harness(options: { failStart?: string; failPrepare?: string; failStop?: string[] } = {}) {
  const events: string[] = [];
  const logged: { level: LogLevel; message: string }[] = [];
  const log: Log = (level, message) => logged.push({ level, message });
  const entry = <N extends string>(name: N): ServiceEntry<N, RunningService & { id: string }> => ({
    name,
    async start() {
      events.push(`start ${name}`);
      if (options.failStart === name) throw new Error(`${name} refused to start`);
      return {
        id: name,
        async stop() {
          events.push(`stop ${name}`);
          if (options.failStop?.includes(name)) throw new Error(`${name} refused to stop`);
        },
      };
    },
    async prepare(running) {
      events.push(`prepare ${running.id}`);
      if (options.failPrepare === name) throw new Error(`${name} could not be prepared`);
    },
    exposes: (running) => ({
      urls: { [name]: `http://127.0.0.1/${running.id}` },
      env: { [`ENDPOINT_${name.toUpperCase()}`]: `http://127.0.0.1/${running.id}` },
    }),
  });
  type Services = Record<"a" | "b" | "c", RunningService & { id: string }>;
  const registry = new ServiceRegistry<Services>([entry("a"), entry("b"), entry("c")], {
    log,
    onExposed: (exposed) => events.push(`exposed ${Object.keys(exposed.urls ?? {}).join(",")}`),
  });
  return { registry, events, logged };
}

describe("ServiceRegistry", () => {
  it("starts (and prepares) in order, reports what each exposes before the next starts, and stops in reverse", async () => {
    const { registry, events } = harness();
    await registry.startAll();
    await registry.stopAll();
    expect(events).toEqual([
      "start a",
      "prepare a",
      "exposed a",
      "start b",
      "prepare b",
      "exposed b",
      "start c",
      "prepare c",
      "exposed c",
      "stop c",
      "stop b",
      "stop a",
    ]);
  });

  it("answers what a start exposed while the service runs, and nothing once it stopped", async () => {
    const { registry } = harness();
    await registry.startAll();
    expect(registry.get("b")?.id).toBe("b");
    await registry.stop("b");
    expect(registry.get("b")).toBeUndefined();
    await registry.start("b");
    expect(registry.get("b")?.id).toBe("b");
    await registry.stopAll();
  });

  it("stops what had started, last first, when a start fails, logs it and throws the start's error", async () => {
    const { registry, events, logged } = harness({ failStart: "c" });
    await expect(registry.startAll()).rejects.toThrow("c refused to start");
    expect(events.slice(-3)).toEqual(["start c", "stop b", "stop a"]);
    expect(logged).toContainEqual({ level: "error", message: "c did not start" });
    expect(registry.get("a")).toBeUndefined();
  });

  it("stops a service whose preparation fails, then what had started before it", async () => {
    const { registry, events } = harness({ failPrepare: "b" });
    await expect(registry.startAll()).rejects.toThrow("b could not be prepared");
    expect(events).toEqual(["start a", "prepare a", "exposed a", "start b", "prepare b", "stop b", "stop a"]);
  });

  it("logs a stop that fails during the rollback, stops the others and still throws the start's error", async () => {
    const { registry, events, logged } = harness({ failStart: "c", failStop: ["b"] });
    await expect(registry.startAll()).rejects.toThrow("c refused to start");
    expect(events.slice(-2)).toEqual(["stop b", "stop a"]);
    expect(logged).toContainEqual({ level: "error", message: "b did not stop" });
  });

  it("stops every service even when some fail to stop, then throws all their failures", async () => {
    const { registry, events, logged } = harness({ failStop: ["c", "a"] });
    await registry.startAll();
    const stopped = registry.stopAll();
    await expect(stopped).rejects.toBeInstanceOf(AggregateError);
    await expect(stopped).rejects.toMatchObject({
      errors: [new Error("c refused to stop"), new Error("a refused to stop")],
    });
    expect(events.slice(-3)).toEqual(["stop c", "stop b", "stop a"]);
    expect(logged.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
      "c did not stop",
      "a did not stop",
    ]);
  });

  it("refuses the same name twice", () => {
    const entry = { name: "a" as const, start: async () => ({ stop: async () => undefined }) };
    const log = () => undefined;
    expect(() => new ServiceRegistry<Record<"a", RunningService>>([entry, entry], { log })).toThrow(
      'the service "a" is registered twice',
    );
  });
});
