/**
 * Synthesizes the platform once for the whole integration run (as `cdk synth` does, offline) and hands
 * its templates to every test file, whose clouds' calls are checked against them
 * (`permission-parity.setup.ts`).
 */
import type { TestProject } from "vitest/node";
import { platform } from "#shared/contracts/platform";
import { stackTemplates } from "../../infra/test/support/principal-grants.ts";
import { synthPlatform } from "../../infra/test/support/synth-platform.ts";
import type { SynthesizedPlatform } from "./permission-parity.ts";

declare module "vitest" {
  export interface ProvidedContext {
    synthesizedPlatform: SynthesizedPlatform;
  }
}

const STAGE = "dev";

export function setup(project: TestProject): void {
  const synthesized = synthPlatform({ declaration: platform, stage: STAGE });
  project.provide("synthesizedPlatform", { stage: STAGE, stacks: stackTemplates(synthesized) });
}
