import type { Stack } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { declaredFunctions, secretsCacheTtlSeconds } from "#shared/platform/declaration/functions";
import { resourceName } from "#shared/platform/declaration/naming";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let synthesized: SynthesizedApp;
/** Every Lambda function of the platform, by its physical name, with the stack's template JSON. */
const functions = new Map<string, { properties: Record<string, unknown>; id: string; stack: Stack }>();

beforeAll(() => {
  synthesized = synthPlatform({ declaration: platform });
  const stacks = Object.values(synthesized.stacks).filter((s): s is Stack => s !== undefined);
  for (const stack of stacks) {
    for (const [id, fn] of resourcesOf(synthesized.template(stack), "AWS::Lambda::Function")) {
      const name = fn.Properties.FunctionName;
      if (typeof name === "string") functions.set(name, { properties: fn.Properties, id, stack });
    }
  }
});

const variablesOf = (properties: Record<string, unknown>) =>
  (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
const nameOf = (id: string) => resourceName(platform.app, "dev", id);

describe("the Parameters and Secrets Lambda Extension", () => {
  const bound = declaredFunctions(platform).filter((f) => (f.declaration.bindings?.secrets?.length ?? 0) > 0);
  const unbound = declaredFunctions(platform).filter(
    (f) => (f.declaration.bindings?.secrets?.length ?? 0) === 0,
  );

  it("runs beside every function bound to a secret, on its port, with the declared TTL", () => {
    expect(bound.map((f) => f.id)).toContain("authorizer");
    expect(bound.map((f) => f.id)).toContain("api-auth");
    for (const f of bound) {
      const fn = functions.get(nameOf(f.id));
      expect(fn, f.id).toBeDefined();
      const layers = JSON.stringify(fn?.properties.Layers ?? []);
      expect(layers, f.id).toMatch(/Parameters-and-Secrets-Lambda-Extension|ParamsAndSecrets/i);
      const variables = variablesOf(fn?.properties ?? {});
      const ttl = secretsCacheTtlSeconds(f.declaration);
      expect(variables, f.id).toMatchObject({
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: "2773",
        PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: "warn",
        PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: String(ttl > 0),
        SECRETS_MANAGER_TTL: String(ttl),
      });
    }
  });

  it("keeps the authorizer's extension uncached, as its own caches decide when keys are read again", () => {
    expect(variablesOf(functions.get(nameOf("authorizer"))?.properties ?? {})).toMatchObject({
      SECRETS_MANAGER_TTL: "0",
      PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: "false",
    });
    expect(variablesOf(functions.get(nameOf("api-content"))?.properties ?? {}).SECRETS_MANAGER_TTL).toBe(
      "300",
    );
  });

  it("is not added to a function that reads no secret", () => {
    expect(unbound.length).toBeGreaterThan(0);
    for (const f of unbound) {
      const fn = functions.get(nameOf(f.id));
      expect(fn, f.id).toBeDefined();
      expect(JSON.stringify(fn?.properties.Layers ?? []), f.id).not.toMatch(/Secrets/i);
      expect(variablesOf(fn?.properties ?? {}).SECRETS_MANAGER_TTL, f.id).toBeUndefined();
    }
  });

  it("leaves GetSecretValue granted on the bound secrets only, never on every secret", () => {
    for (const f of bound) {
      const fn = functions.get(nameOf(f.id));
      if (!fn) throw new Error(`${f.id} was not synthesized`);
      // A function's role is its own (`<id>Role…`), referenced by the policies attached to it.
      const role = (fn.properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
      const statements = resourcesOf(synthesized.template(fn.stack), "AWS::IAM::Policy")
        .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((s) => [s.Action].flat().includes("secretsmanager:GetSecretValue"));
      expect(statements.length, f.id).toBeGreaterThan(0);
      for (const s of statements) expect(JSON.stringify(s.Resource), f.id).not.toContain('"*"');
      expect(statements.flatMap((s) => [s.Resource].flat()).length, f.id).toBe(
        f.declaration.bindings?.secrets?.length,
      );
    }
  });
});
