import { type IAspect, Stack, Validations } from "aws-cdk-lib";
import { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { IConstruct } from "constructs";

/** The id of the error this aspect reports, for tests and for finding it in `cdk synth` output. */
export const TRACING_ERROR_ID = "Platform-LambdaActiveTracing";

/**
 * Account-wide policy: every Lambda function, ours or one a library brings along, runs with X-Ray
 * active tracing, so one trace follows a request through every hop. A function without it is a
 * synth error, not a warning.
 */
export class RequireActiveTracing implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnFunction)) return;
    const config: unknown = Stack.of(node).resolve(node.tracingConfig);
    const mode =
      typeof config === "object" && config !== null ? (config as { mode?: unknown }).mode : undefined;
    if (mode !== "Active") {
      Validations.of(node).addError(
        TRACING_ERROR_ID,
        `Lambda function ${node.node.path} must have active tracing (TracingConfig.Mode = Active); build it with PlatformFunction.`,
      );
    }
  }
}
