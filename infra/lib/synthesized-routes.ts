import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { platform } from "#shared/contracts/platform";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { REPO_ROOT } from "./constructs/platform-function.ts";
import { addPlatformStacks } from "./platform-stacks.ts";
import { stageFromContext } from "./stage-settings.ts";

/** The part of a synthesized CloudFormation template these helpers read. */
export interface CloudFormationTemplate {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** The route keys (`GET /api/health/live`) of every `AWS::ApiGatewayV2::Route` in a template, sorted. */
export function synthesizedRouteKeys(template: CloudFormationTemplate): string[] {
  return Object.values(template.Resources ?? {})
    .filter((resource) => resource.Type === "AWS::ApiGatewayV2::Route")
    .map((resource) => {
      const key = resource.Properties?.RouteKey;
      if (typeof key !== "string")
        throw new Error(`A route's RouteKey is not a literal: ${JSON.stringify(key)}`);
      return key;
    })
    .sort();
}

/** The `context` of cdk.json, so an in-process app synthesizes exactly as `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8"));
  const context =
    typeof cdkJson === "object" && cdkJson !== null ? (cdkJson as { context?: unknown }).context : undefined;
  return typeof context === "object" && context !== null ? (context as Record<string, unknown>) : {};
}

/**
 * Synthesizes the Api stack of a declaration in process (no bundling, no AWS account) and returns
 * its template: for tests that hold the local gateway to what CloudFormation would deploy, e.g.
 * `synthesizedRouteKeys(synthesizeApiTemplate())`. Every declared entry file must exist.
 *
 * @param declaration the declaration to synthesize. @default the real one (`platform.ts`)
 * @param stage a stage with settings in cdk.json. @default "dev"
 */
export function synthesizeApiTemplate(
  declaration: PlatformDeclaration = platform,
  stage = "dev",
): CloudFormationTemplate {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), "cdk-api-")),
    context: { ...cdkJsonContext(), stage, "aws:cdk:bundling-stacks": [] },
  });
  // The Web stack needs a portal build; this template does not depend on it, so a placeholder serves.
  const portalDirectory = mkdtempSync(join(tmpdir(), "portal-"));
  writeFileSync(join(portalDirectory, "index.html"), "<!doctype html>\n");
  const { api } = addPlatformStacks(app, { declaration, ...stageFromContext(app), portalDirectory });
  return app.synth().getStackByName(api.stackName).template as CloudFormationTemplate;
}
