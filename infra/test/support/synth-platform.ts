import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { applyPlatformChecks } from "../../lib/checks.ts";
import { addPlatformStacks, type PlatformStacks } from "../../lib/platform-stacks.ts";
import { stageFromContext } from "../../lib/stage-settings.ts";
import { cdkJsonContext } from "../../lib/synthesized-routes.ts";

/** The part of the cloud assembly's `validation-report.json` the tests read. */
export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: "success" | "failure";
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

export interface SynthesizedApp {
  app: App;
  stacks: PlatformStacks;
  template: (stack: Stack) => Template;
  report: ValidationReport;
  /** The cloud assembly's directory. */
  directory: string;
}

export interface SynthOptions {
  declaration: PlatformDeclaration;
  /** @default "dev" */
  stage?: string;
  /**
   * Settings laid over the stage's own from cdk.json (`stages.<stage>`), e.g. `{ models: … }`; an
   * `undefined` one is removed, as if cdk.json did not set it.
   * @default none: the stage as cdk.json has it
   */
  settings?: Record<string, unknown>;
  /** Adds constructs to the app before synth, e.g. a deliberately bad one. */
  extend?: (app: App) => void;
  /**
   * Stacks (by name) whose assets are bundled, as `cdk synth` bundles every stack.
   * @default [] (no bundling)
   */
  bundlingStacks?: string[];
  /**
   * Context laid over cdk.json's, as given on the command line (`--context name=value`) — a feature
   * flag set otherwise, say.
   * @default none: cdk.json's context as it is
   */
  context?: Record<string, unknown>;
  /**
   * The portal's build the Web stack deploys.
   * @default a fixture build (`fixtures/portal`), so the tests need no `npm run build`
   */
  portalDirectory?: string;
}

/** A portal build as Vite writes one: `index.html` and a hashed asset. */
export const PORTAL_FIXTURE = fileURLToPath(new URL("../fixtures/portal", import.meta.url));

/**
 * Synthesizes the platform as `cdk synth` does (cdk.json context, cdk-nag, aspects) but in process
 * and, unless asked, without bundling, and reads the validation report instead of failing on it, so
 * tests can assert on its findings.
 */
export function synthPlatform(options: SynthOptions): SynthesizedApp {
  const stage = options.stage ?? "dev";
  const context = cdkJsonContext();
  const stages = (context.stages ?? {}) as Record<string, Record<string, unknown>>;
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), "cdk-test-")),
    context: {
      ...context,
      stages: options.settings ? { ...stages, [stage]: overlay(stages[stage], options.settings) } : stages,
      stage,
      "aws:cdk:bundling-stacks": options.bundlingStacks ?? [],
      "@aws-cdk/core:failSynthOnValidationErrors": false,
      ...options.context,
    },
  });
  const stacks = addPlatformStacks(app, {
    declaration: options.declaration,
    ...stageFromContext(app),
    portalDirectory: options.portalDirectory ?? PORTAL_FIXTURE,
  });
  options.extend?.(app);
  applyPlatformChecks(app);
  const assembly = app.synth();
  const report = JSON.parse(
    readFileSync(join(assembly.directory, "validation-report.json"), "utf8"),
  ) as ValidationReport;
  const templates = new Map<string, Template>();
  const template = (stack: Stack) => {
    let found = templates.get(stack.stackName);
    if (!found) {
      found = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
      templates.set(stack.stackName, found);
    }
    return found;
  };
  return { app, stacks, template, report, directory: assembly.directory };
}

/** The stage's settings with `over` laid on them; an `undefined` value removes a setting. */
function overlay(settings: Record<string, unknown> | undefined, over: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries({ ...settings, ...over }).filter(([, value]) => value !== undefined),
  );
}

/** Every finding no acknowledgement covers, as `rule @ construct path` lines (empty when clean). */
export function unacknowledgedFindings(report: ValidationReport): string[] {
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map(
        (construct) =>
          `${plugin.pluginName}: ${violation.severity} ${violation.ruleName} @ ${construct.constructPath}`,
      ),
    ),
  );
}

/** The resources of one type in a template, by logical id. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> }][];
}
