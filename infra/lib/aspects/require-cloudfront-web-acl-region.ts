import { type IAspect, Stack, Token, Validations } from "aws-cdk-lib";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { IConstruct } from "constructs";
import { CLOUDFRONT_REGION } from "../constructs/edge-web-acl.ts";

/** The id of the error this aspect reports, for tests and for finding it in `cdk synth` output. */
export const CLOUDFRONT_WEB_ACL_REGION_ERROR_ID = "Platform-CloudFrontWebAclRegion";

/**
 * Account-wide policy: a WebACL of scope CLOUDFRONT sits in a stack that deploys to us-east-1, the
 * only Region where WAF creates one. Anywhere else (or in a stack whose Region is left to the
 * deploying credentials) the deploy would fail halfway; this makes it a synth error instead.
 */
export class RequireCloudFrontWebAclRegion implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnWebACL) || node.scope !== "CLOUDFRONT") return;
    const stack = Stack.of(node);
    if (stack.region === CLOUDFRONT_REGION) return;
    const where = Token.isUnresolved(stack.region)
      ? "an unresolved Region (whatever the deploying credentials name)"
      : stack.region;
    Validations.of(node).addError(
      CLOUDFRONT_WEB_ACL_REGION_ERROR_ID,
      `WebACL ${node.node.path} has scope CLOUDFRONT, which WAF creates only in ${CLOUDFRONT_REGION}, but its stack ${stack.stackName} deploys to ${where}. Give that stack env.region "${CLOUDFRONT_REGION}" (as the app does for the Web stack) and pass it what it needs from the stage's Region as a weak reference.`,
    );
  }
}
