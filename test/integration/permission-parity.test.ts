/**
 * Permission parity on the real platform: the local cloud records each call a function makes as the
 * action and resource IAM evaluates, and a call the synthesized roles do not grant is reported with
 * the function, the action and the resource. Every integration file gets the same check when it ends
 * (`permission-parity.setup.ts`); this file shows what it sees and that it fails when a grant is missing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { healthApi } from "#shared/contracts/health.routes";
import { platform } from "#shared/contracts/platform";
import { environmentFor } from "#shared/platform/declaration/environment";
import type { FunctionBindings, PlatformDeclaration } from "#shared/platform/declaration/types";
import { stackTemplates } from "../../infra/test/support/principal-grants.ts";
import { synthPlatform } from "../../infra/test/support/synth-platform.ts";
import { permissionViolations, type SynthesizedPlatform } from "./permission-parity.ts";
import { callApi } from "./support.ts";

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error") });
  expect((await callApi(cloud, "GET", "/api/health/ready")).status).toBe(200);
  const registered = await callApi(cloud, "POST", "/api/auth/v1/register", {
    body: {
      tenantName: "Parity",
      name: "Pat",
      email: `pat.${Date.now()}@example.com`,
      password: "correct horse battery staple",
    },
  });
  expect(registered.status).toBe(201);
});

afterAll(async () => {
  await cloud?.stop();
});

const callsOf = (principal: string) =>
  cloud
    .awsCalls()
    .filter((call) => call.principal === principal)
    .map((call) => `${call.action} on ${call.resource}`)
    .sort();

describe("the local cloud's record of AWS calls", () => {
  it("names each readiness probe of the health function by its IAM action and resource ARN", () => {
    expect(callsOf("api-health")).toEqual([
      "dynamodb:DescribeTable on arn:aws:dynamodb:us-east-1:000000000000:table/leadmetrics-local-main",
      "events:DescribeEventBus on arn:aws:events:us-east-1:000000000000:event-bus/leadmetrics-local-domain-events",
      expect.stringMatching(
        /^secretsmanager:DescribeSecret on arn:aws:secretsmanager:us-east-1:000000000000:secret:leadmetrics\/local\/signing-keys-[A-Za-z0-9]{6}$/,
      ),
      "sqs:GetQueueAttributes on arn:aws:sqs:us-east-1:000000000000:leadmetrics-local-events-dlq",
    ]);
  });

  it("records a transaction as the operations it holds, since TransactWriteItems is no IAM action", () => {
    const auth = callsOf("api-auth");
    expect(auth).toContain(
      "dynamodb:PutItem on arn:aws:dynamodb:us-east-1:000000000000:table/leadmetrics-local-main",
    );
    expect(auth.some((call) => call.includes("Transact"))).toBe(false);
  });

  it("finds every call of this file's platform granted by the synthesized roles", () => {
    expect(permissionViolations(cloud, inject("synthesizedPlatform"), platform)).toEqual([]);
  });
});

describe("the permission parity check", () => {
  const withHealthBindings = (bindings: FunctionBindings): PlatformDeclaration => ({
    ...platform,
    api: platform.api.map((domain) => (domain.domain === "health" ? { ...domain, bindings } : domain)),
  });

  it("fails naming function, action and resource when a route's grant is removed from the templates", () => {
    const synthesized = inject("synthesizedPlatform");
    // The health role's policy without events:DescribeEventBus, as if its binding granted nothing.
    const stacks = structuredClone(synthesized.stacks);
    for (const { template } of stacks) {
      for (const [id, resource] of Object.entries(template.Resources ?? {})) {
        if (resource.Type !== "AWS::IAM::Policy" || !id.startsWith("ApiHealthFunctionRole")) continue;
        const document = resource.Properties?.PolicyDocument as { Statement: { Action: unknown }[] };
        document.Statement = document.Statement.filter(
          (s) => !JSON.stringify(s.Action).includes("events:DescribeEventBus"),
        );
      }
    }
    expect(permissionViolations(cloud, { ...synthesized, stacks }, platform)).toEqual([
      "api-health (leadmetrics-local-api-health) events:DescribeEventBus on arn:aws:events:us-east-1:000000000000:event-bus/leadmetrics-local-domain-events",
    ]);
  });

  it("would have caught the readiness probe AWS denied: the old bindings granted PutEvents, not DescribeEventBus", () => {
    const old: FunctionBindings = {
      table: "read",
      events: true,
      inspects: ["events-dlq"],
      describesSecrets: ["signing-keys"],
    };
    // The same variables, so locally the function ran exactly as it did under the old bindings.
    expect(environmentFor(old, cloud.locator)).toEqual(environmentFor(healthApi.bindings, cloud.locator));
    const declaration = withHealthBindings(old);
    const synthesized: SynthesizedPlatform = {
      stage: "dev",
      stacks: stackTemplates(synthPlatform({ declaration, stage: "dev" })),
    };
    expect(permissionViolations({ ...cloud, declaration }, synthesized, declaration)).toEqual([
      "api-health (leadmetrics-local-api-health) events:DescribeEventBus on arn:aws:events:us-east-1:000000000000:event-bus/leadmetrics-local-domain-events",
    ]);
  });
});
