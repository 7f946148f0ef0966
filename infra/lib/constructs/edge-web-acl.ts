import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

/**
 * The one Region where WAF creates WebACLs of scope CLOUDFRONT, and so where the stack holding the
 * distribution's WebACL deploys.
 */
export const CLOUDFRONT_REGION = "us-east-1";

/** The path prefix of sign-up, sign-in and refresh: what credential stuffing and sign-up spam aim at. */
export const AUTH_PATH_PREFIX = "/api/auth/";

export interface EdgeWebAclProps {
  /** Physical name of the WebACL; its metrics are named after it. */
  readonly name: string;
  /**
   * Requests one IP may make to `/api/auth/*` in any five minutes before WAF blocks it (until its
   * rate falls again). The auth routes also rate-limit and lock out per account in the table; this
   * limit stops a flood before it costs a Lambda invocation.
   * @default 300
   */
  readonly authRequestsPerIpPer5Minutes?: number;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/**
 * The WAFv2 WebACL in front of the CloudFront distribution (scope CLOUDFRONT, so it must be created
 * in us-east-1): a per-IP rate limit on the auth routes, then AWS's managed common rule set.
 */
export class EdgeWebAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      name: props.name,
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        {
          name: "auth-rate-limit-per-ip",
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.authRequestsPerIpPer5Minutes ?? 300,
              evaluationWindowSec: 300,
              aggregateKeyType: "IP",
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: "STARTS_WITH",
                  searchString: AUTH_PATH_PREFIX,
                  textTransformations: [{ priority: 0, type: "NONE" }],
                },
              },
            },
          },
          visibilityConfig: visibility(`${props.name}-auth-rate-limit`),
        },
        {
          name: "aws-common-rule-set",
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: "AWS",
              name: "AWSManagedRulesCommonRuleSet",
              // The rule set blocks bodies over 8 KB; the API accepts up to each route's declared
              // `maxBodyBytes` (64 KiB by default) and the handler kit answers larger ones with 413.
              ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility(`${props.name}-aws-common`),
        },
      ],
    });
  }
}
