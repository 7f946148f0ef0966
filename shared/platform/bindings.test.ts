import { describe, expect, it } from "vitest";
import { loadBindings } from "./bindings.ts";
import { ConfigError } from "./config.ts";
import { environmentFor, type ResourceLocator } from "./declaration/environment.ts";
import type { FunctionBindings } from "./declaration/types.ts";

const at: ResourceLocator = {
  stage: "test",
  tableName: "leadmetrics-test-table",
  eventBusName: "leadmetrics-test-domain-events",
  queueUrl: (queue) => `http://127.0.0.1:9324/000000000000/leadmetrics-test-${queue}`,
  secretId: (secret) => `leadmetrics/test/${secret}`,
  agentModels: '{"default":"offline"}',
  starterCredits: 25,
  accessTokenTtlSeconds: 900,
};

const runner = {
  table: "readwrite",
  events: true,
  models: true,
  sendsTo: ["agent-setup"],
  redrives: ["agent-setup-dlq"],
  secrets: ["model-api-keys"],
} as const satisfies FunctionBindings;

describe("a function's bindings", () => {
  it("reads back exactly what environmentFor wrote for the same bindings", () => {
    const bound = loadBindings(runner, environmentFor(runner, at));
    expect(bound.stage).toBe("test");
    expect(bound.tableName).toBe(at.tableName);
    expect(bound.eventBusName).toBe(at.eventBusName);
    expect(bound.agentModels).toBe(at.agentModels);
    expect(bound.queueUrl("agent-setup")).toBe(at.queueUrl("agent-setup"));
    expect(bound.queueUrl("agent-setup-dlq")).toBe(at.queueUrl("agent-setup-dlq"));
    expect(bound.secretId("model-api-keys")).toBe("leadmetrics/test/model-api-keys");
  });

  it("offers, by type, only what the function is bound to", () => {
    const bound = loadBindings({ describesTable: true, inspects: ["events-dlq"] } as const, {
      STAGE: "test",
      TABLE_NAME: "t",
      QUEUE_URL_EVENTS_DLQ: "http://localhost/q",
    });
    expect(bound.tableName).toBe("t");
    // @ts-expect-error: not bound to the bus
    expect(bound.eventBusName).toBeUndefined();
    // @ts-expect-error: not bound to this queue
    expect(() => bound.queueUrl("agent-setup")).toThrow("not bound to queue agent-setup");
  });

  it("fails the cold start naming every missing or malformed variable", () => {
    const env = environmentFor(runner, at);
    delete env.TABLE_NAME;
    env.QUEUE_URL_AGENT_SETUP = "not a url";
    expect(() => loadBindings(runner, env)).toThrow(ConfigError);
    expect(() => loadBindings(runner, env)).toThrow(
      /missing environment variable TABLE_NAME.*QUEUE_URL_AGENT_SETUP is invalid/,
    );
  });

  it("leaves the model configuration optional: without it every agent runs offline", () => {
    const env = environmentFor(runner, { ...at, agentModels: undefined });
    expect(loadBindings(runner, env).agentModels).toBeUndefined();
  });

  it("gives a function that manages connections the WebSocket API's management endpoint, and no other", () => {
    const endpoint = "https://abc123.execute-api.eu-west-1.amazonaws.com/live";
    const poster = { table: "read", managesConnections: true } as const satisfies FunctionBindings;
    expect(
      loadBindings(poster, environmentFor(poster, { ...at, realtimeEndpoint: endpoint })).realtimeEndpoint,
    ).toBe(endpoint);
    expect(() => loadBindings(poster, environmentFor(poster, at))).toThrow(/REALTIME_ENDPOINT/);
    const reader = { table: "read" } as const satisfies FunctionBindings;
    const unbound = loadBindings(reader, environmentFor(reader, { ...at, realtimeEndpoint: endpoint }));
    // @ts-expect-error: not bound to the WebSocket API
    expect(unbound.realtimeEndpoint).toBeUndefined();
  });

  it("gives a function that creates tenants the stage's starter credits as a number, and refuses a malformed one", () => {
    const creator = { table: "readwrite", starterCredits: true } as const satisfies FunctionBindings;
    expect(loadBindings(creator, environmentFor(creator, { ...at, starterCredits: 40 })).starterCredits).toBe(
      40,
    );
    const env = { ...environmentFor(creator, at), STARTER_CREDITS: "-1" };
    expect(() => loadBindings(creator, env)).toThrow(/STARTER_CREDITS is invalid/);
    const reader = { table: "read" } as const satisfies FunctionBindings;
    expect(environmentFor(reader, at)).not.toHaveProperty("STARTER_CREDITS");
  });

  it("gives a function bound to the token lifetime the stage's, as a number within bounds", () => {
    const issuer = { table: "readwrite", accessTokenTtl: true } as const satisfies FunctionBindings;
    const bound = loadBindings(issuer, environmentFor(issuer, { ...at, accessTokenTtlSeconds: 20 }));
    expect(bound.accessTokenTtlSeconds).toBe(20);
    for (const bad of ["4", "3601", "1.5", "soon"]) {
      const env = { ...environmentFor(issuer, at), ACCESS_TOKEN_TTL_SECONDS: bad };
      expect(() => loadBindings(issuer, env)).toThrow(/ACCESS_TOKEN_TTL_SECONDS is invalid/);
    }
    expect(environmentFor({ table: "read" }, at)).not.toHaveProperty("ACCESS_TOKEN_TTL_SECONDS");
  });
});
