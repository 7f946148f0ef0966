import type { Stack } from "aws-cdk-lib";
import type { PlatformStacks } from "../../lib/platform-stacks.ts";
import type { SynthesizedApp } from "./synth-platform.ts";

/** What one stack's template offers other stacks and takes from them. */
export interface StackCoupling {
  /** Names of the exports of its outputs. */
  exports: Set<string>;
  /** Export names it imports (`Fn::ImportValue`). */
  imports: Set<string>;
  /** Outputs of other stacks it reads weakly (`Fn::GetStackOutput`), as `<stack>.<output>`. */
  reads: Set<string>;
  /** Its outputs' names. */
  outputs: Set<string>;
}

/** Every stack of a synthesized platform by its stack name, with what it exports, imports and reads. */
export function couplingOf(app: SynthesizedApp): Map<string, StackCoupling> {
  const stacks = platformStacks(app.stacks);
  return new Map(
    stacks.map((stack) => {
      const template = app.template(stack).toJSON() as {
        Outputs?: Record<string, { Export?: { Name?: unknown } }>;
      };
      const coupling: StackCoupling = {
        exports: new Set(),
        imports: new Set(),
        reads: new Set(),
        outputs: new Set(Object.keys(template.Outputs ?? {})),
      };
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export?.Name !== undefined) coupling.exports.add(JSON.stringify(output.Export.Name));
      }
      visit(template, (key, value) => {
        if (key === "Fn::ImportValue") coupling.imports.add(JSON.stringify(value));
        if (key === "Fn::GetStackOutput") {
          const read = value as { StackName?: unknown; OutputName?: unknown };
          coupling.reads.add(`${String(read.StackName)}.${String(read.OutputName)}`);
        }
      });
      return [stack.stackName, coupling] as const;
    }),
  );
}

/**
 * The changes CloudFormation would refuse when the platform goes from `before` to `after`: each stack
 * deploys after the stacks it depends on, so when a producer updates, its consumers still run their
 * old templates. A producer whose new template drops an export that a consumer's old one imports
 * fails with "Export … cannot be deleted as it is in use"; a consumer whose new template reads an
 * output its producer's new template lacks fails too. Empty when every change can deploy in place.
 */
export function refusedChanges(
  before: Map<string, StackCoupling>,
  after: Map<string, StackCoupling>,
): string[] {
  const refused: string[] = [];
  for (const [producer, was] of before) {
    const kept = after.get(producer)?.exports ?? new Set<string>();
    for (const name of was.exports) {
      if (kept.has(name)) continue;
      for (const [consumer, uses] of before) {
        if (consumer !== producer && uses.imports.has(name)) {
          refused.push(`${producer} drops export ${name}, which ${consumer} still imports`);
        }
      }
    }
  }
  for (const [consumer, uses] of after) {
    for (const read of uses.reads) {
      const [stack = "", output = ""] = read.split(".");
      if (!after.get(stack)?.outputs.has(output)) {
        refused.push(`${consumer} reads ${read}, which the new ${stack} does not output`);
      }
    }
  }
  return refused;
}

function platformStacks(stacks: PlatformStacks): Stack[] {
  return [
    stacks.data,
    stacks.api,
    stacks.realtime,
    stacks.web,
    stacks.events,
    stacks.workers,
    stacks.observability,
  ].filter((stack): stack is NonNullable<typeof stack> => stack !== undefined);
}

function visit(node: unknown, seen: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, seen);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      seen(key, value);
      visit(value, seen);
    }
  }
}
