import { RemovalPolicy } from "aws-cdk-lib";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import type { SharedFunctionProps } from "../constructs/platform-function.ts";
import type { PlatformResources } from "../constructs/platform-resources.ts";
import type { StageSettings } from "../stage-settings.ts";

/** The function props a stage's settings decide, for every stateless stack alike. */
export function sharedFunctionProps(
  declaration: PlatformDeclaration,
  settings: StageSettings,
  resources: PlatformResources,
): SharedFunctionProps {
  return {
    metricsNamespace: declaration.app,
    resources,
    logRetention: settings.logRetentionDays,
    logLevel: settings.logLevel,
    logRemovalPolicy: settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  };
}
