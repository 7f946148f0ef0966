import type { Template } from "aws-cdk-lib/assertions";
import { expect } from "vitest";
import { declaredFunctions as declaredFunctionIds } from "#shared/platform/declaration/functions";
import { resourceName } from "#shared/platform/declaration/naming";
import type { FunctionDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { resourcesOf } from "./synth-platform.ts";

/** Every function a declaration asks for, by the physical name the stacks give it. */
export function declaredFunctions(
  declaration: PlatformDeclaration,
  stage: string,
): Map<string, FunctionDeclaration> {
  return new Map(
    declaredFunctionIds(declaration).map((f) => [resourceName(declaration.app, stage, f.id), f.declaration]),
  );
}

/**
 * Every Lambda in the template runs on nodejs22.x/arm64 with active tracing, the declared (or
 * default) timeout and memory, JSON logs into an explicit log group with the stage's retention,
 * and the Powertools environment. Returns the names of the functions it checked.
 */
export function expectPlatformFunctionDefaults(
  template: Template,
  declared: Map<string, FunctionDeclaration>,
  logRetentionDays: number,
): string[] {
  const logGroups = new Map(resourcesOf(template, "AWS::Logs::LogGroup"));
  const checked: string[] = [];
  for (const [logicalId, fn] of resourcesOf(template, "AWS::Lambda::Function")) {
    const p = fn.Properties;
    const name = String(p.FunctionName);
    const declaration = declared.get(name);
    expect(declaration, `${logicalId} (${name}) is a declared function`).toBeDefined();
    expect(p.Runtime, name).toBe("nodejs22.x");
    expect(p.Architectures, name).toEqual(["arm64"]);
    expect(p.TracingConfig, name).toEqual({ Mode: "Active" });
    expect(p.Timeout, name).toBe(declaration?.timeoutSeconds ?? 10);
    expect(p.MemorySize, name).toBe(declaration?.memoryMb ?? 512);
    const logging = p.LoggingConfig as { LogFormat?: string; LogGroup?: { Ref?: string } } | undefined;
    expect(logging?.LogFormat, name).toBe("JSON");
    const logGroup = logGroups.get(String(logging?.LogGroup?.Ref));
    expect(logGroup, `${name} logs to a log group of its stack`).toBeDefined();
    expect(logGroup?.Properties.RetentionInDays, name).toBe(logRetentionDays);
    expect(logGroup?.Properties.LogGroupName, name).toBe(`/aws/lambda/${name}`);
    const env = (p.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env, name).toMatchObject({
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_METRICS_NAMESPACE: "leadmetrics",
      POWERTOOLS_SERVICE_NAME: expect.any(String),
      POWERTOOLS_LOG_LEVEL: expect.any(String),
      STAGE: expect.any(String),
    });
    checked.push(name);
  }
  return checked.sort();
}
