#!/usr/bin/env node
import { App } from "aws-cdk-lib";
import { platform } from "#shared/contracts/platform";
import { applyPlatformChecks } from "../lib/checks.ts";
import { addPlatformStacks } from "../lib/platform-stacks.ts";
import { stageFromContext } from "../lib/stage-settings.ts";

/** The CDK app: `cdk synth -c stage=prod`; the stage defaults to `dev` and its settings come from cdk.json. */
const app = new App();
const { stage, settings } = stageFromContext(app);
addPlatformStacks(app, { declaration: platform, stage, settings });
applyPlatformChecks(app);
app.synth();
