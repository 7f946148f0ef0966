import { Aspects, type Stage, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { RequireActiveTracing } from "./aspects/require-active-tracing.ts";
import { RequireCloudFrontWebAclRegion } from "./aspects/require-cloudfront-web-acl-region.ts";

/**
 * The policy every synth of the platform runs under: cdk-nag's AWS Solutions and Serverless packs
 * (findings land in the cloud assembly's validation report; an unacknowledged error fails synth)
 * and the platform's own aspects. Acknowledgements live beside the construct they cover, each with
 * its reason.
 */
export function applyPlatformChecks(app: Stage): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  Aspects.of(app).add(new RequireActiveTracing());
  Aspects.of(app).add(new RequireCloudFrontWebAclRegion());
}
