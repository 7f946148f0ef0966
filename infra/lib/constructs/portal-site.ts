import { existsSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  AccessLevel,
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
} from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { PORTAL, SECURITY_HEADERS, spaRewriteFunctionCode } from "#shared/platform/declaration/edge";

export interface PortalSiteProps {
  /** The portal's build (`index.html`, `assets/`): `web/dist` after `npm run build`. */
  readonly directory: string;
  /** The bucket the portal bucket's server access logs go to (under `s3/portal/`). */
  readonly accessLogs: IBucket;
  readonly logRetention: RetentionDays;
  /** RETAIN the bucket and its objects; otherwise a teardown empties and deletes them. */
  readonly retain: boolean;
  /** The CloudFront Function's name (unique in the account). */
  readonly functionName: string;
}

function known<T extends string>(values: Record<string, T>, value: string, what: string): T {
  const found = Object.values(values).find((v) => v === value);
  if (found === undefined) throw new Error(`CloudFront offers no ${what} "${value}"`);
  return found;
}

/**
 * The response headers policy of the front door, from the one declaration of its security headers
 * (`SECURITY_HEADERS`, which the local edge sends too). Each header replaces one an origin set.
 */
export function securityHeadersPolicy(scope: Construct, id: string, name: string): ResponseHeadersPolicy {
  const hsts = SECURITY_HEADERS.strictTransportSecurity;
  return new ResponseHeadersPolicy(scope, id, {
    responseHeadersPolicyName: name,
    comment: "The portal's and the API's security headers (shared/platform/declaration/edge.ts)",
    securityHeadersBehavior: {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(hsts.maxAgeSeconds),
        includeSubdomains: hsts.includeSubdomains,
        override: true,
      },
      contentSecurityPolicy: {
        contentSecurityPolicy: SECURITY_HEADERS.contentSecurityPolicy,
        override: true,
      },
      frameOptions: {
        frameOption: known(HeadersFrameOption, SECURITY_HEADERS.frameOptions, "frame option"),
        override: true,
      },
      contentTypeOptions: { override: true },
      referrerPolicy: {
        referrerPolicy: known(HeadersReferrerPolicy, SECURITY_HEADERS.referrerPolicy, "referrer policy"),
        override: true,
      },
    },
  });
}

/**
 * The portal's origin: a private bucket that only the distribution reads (origin access control;
 * also allowed to list it, so a missing file is a 404 rather than S3's 403), filled from the build
 * by two deployments — hashed `assets/` cached for a year, the rest (`index.html`) revalidated on every
 * load — and the default behaviour to it, whose CloudFront Function answers a route of the app with
 * `index.html` (the SPA fallback; see `SPA_ROUTE_PATTERN`).
 */
export class PortalSite extends Construct {
  readonly bucket: Bucket;
  /** The default behaviour, less the response headers policy the distribution adds to every behaviour. */
  readonly behavior: BehaviorOptions;

  constructor(scope: Construct, id: string, props: PortalSiteProps) {
    super(scope, id);
    if (!existsSync(join(props.directory, PORTAL.index))) {
      throw new Error(
        `The portal is not built: ${join(props.directory, PORTAL.index)} is missing. Run \`npm run build\` first.`,
      );
    }
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, "Bucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "s3/portal/",
      removalPolicy,
      autoDeleteObjects: !props.retain,
    });

    // Two deployments, neither pruning: a file of the previous build stays, so a page loaded before
    // a deploy still finds the hashed chunks it names. They share the library's one handler.
    const logGroup = new LogGroup(this, "DeploymentLogs", { retention: props.logRetention, removalPolicy });
    const deployment = (
      name: string,
      cacheControl: string,
      filter: { include?: string[]; exclude: string[] },
    ) =>
      new BucketDeployment(this, name, {
        sources: [Source.asset(props.directory)],
        destinationBucket: this.bucket,
        ...filter,
        prune: false,
        retainOnDelete: props.retain,
        cacheControl: [CacheControl.fromString(cacheControl)],
        memoryLimit: 512,
        logGroup,
      });
    const assets = deployment("Assets", PORTAL.assetsCacheControl, {
      exclude: ["*"],
      include: [`${PORTAL.assetsPrefix}*`],
    });
    deployment("Pages", PORTAL.pagesCacheControl, { exclude: [`${PORTAL.assetsPrefix}*`] });
    traceDeploymentHandler(this, assets, this.bucket);

    const spaFallback = new EdgeFunction(this, "SpaFallback", {
      functionName: props.functionName,
      comment: "Answers a route of the portal (an extension-less path) with /index.html",
      code: FunctionCode.fromInline(spaRewriteFunctionCode()),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.behavior = {
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
        originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      // Honours each object's Cache-Control (immutable assets, no-cache pages).
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
  }
}

/**
 * The deployments' one handler (a singleton Lambda function the library makes) runs with X-Ray active
 * tracing, as the platform's policy wants of every function, and is acknowledged where cdk-nag's
 * findings are the library's own choices.
 */
function traceDeploymentHandler(scope: Construct, deployment: BucketDeployment, bucket: Bucket): void {
  deployment.handlerRole.addToPrincipalPolicy(
    new PolicyStatement({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }),
  );
  const stack = Stack.of(scope);
  const bucketId = String(stack.resolve((bucket.node.defaultChild as CfnBucket).logicalId));
  const copies =
    "The BucketDeployment library's grants: read the build from the CDK assets bucket, write (and on update replace) the portal's objects";
  Validations.of(deployment.handlerRole).acknowledge(
    {
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "The BucketDeployment library's handler writes its logs with the basic execution role; it is the library's, not ours.",
    },
    ...["s3:GetBucket*", "s3:GetObject*", "s3:List*", "s3:Abort*", "s3:DeleteObject*"].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${copies}: the library grants these action groups.`,
    })),
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
      reason: `${copies}: the build's zip is an object of the CDK assets bucket, named only at deploy.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: `${copies}: every object of the portal's bucket is the build's.`,
    },
    {
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.",
    },
  );
  for (const node of stack.node.findAll()) {
    if (!(node instanceof CfnFunction) || !node.node.path.includes("CDKBucketDeployment")) continue;
    node.tracingConfig = { mode: "Active" };
    Validations.of(node.node.scope ?? node).acknowledge(
      {
        id: "AwsSolutions-L1",
        reason: "The BucketDeployment library's handler pins the runtime its bundled AWS CLI needs.",
      },
      {
        id: "Serverless-LambdaDLQ",
        reason:
          "A CloudFormation custom resource handler: CloudFormation invokes it synchronously and reports its failure; no event is lost.",
      },
      {
        id: "Serverless-LambdaAsyncFailureDestination",
        reason: "A CloudFormation custom resource handler, invoked synchronously by CloudFormation.",
      },
      {
        id: "Serverless-LambdaLatestVersion",
        reason: "The BucketDeployment library's handler pins the runtime its bundled AWS CLI needs.",
      },
    );
  }
}
