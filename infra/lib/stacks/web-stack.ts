import {
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { EDGE, PORTAL } from "#shared/platform/declaration/edge";
import { resourceName } from "#shared/platform/declaration/naming";
import { EdgeWebAcl } from "../constructs/edge-web-acl.ts";
import { PortalSite, securityHeadersPolicy } from "../constructs/portal-site.ts";
import type { StageSettings } from "../stage-settings.ts";

export interface WebStackProps extends StackProps {
  readonly app: string;
  readonly stage: string;
  readonly settings: StageSettings;
  /** The HTTP API (from the Api stack) that `/api/*` goes to. */
  readonly httpApi: IHttpApi;
  /**
   * The WebSocket API's stage URL (`wss://…/{stage}`, from the Realtime stack) and the path clients
   * connect to (its stage is named after it). Absent: no `/ws` behaviour.
   */
  readonly webSocket?: { readonly url: string; readonly path: string };
  /**
   * Requests one IP may make to `/api/auth/*` in five minutes before WAF blocks it.
   * @default 300 (see `EdgeWebAcl`)
   */
  readonly authRequestsPerIpPer5Minutes?: number;
  /**
   * The origin secret whose `current` value CloudFront sends in the origin header, by name, and the
   * version to send (`VersionId`, printed by `npm run ops -- rotate-origin-secret`): CloudFormation
   * resolves a dynamic reference again only when its text changes, so after a rotation the Web stack
   * is deployed with the new version (without one: the current version at the deploy that last
   * changed the reference). Absent: no origin header (a declaration without a front door).
   */
  readonly originSecret?: { readonly name: string; readonly version?: string };
  /** The portal's build (`index.html`, `assets/`) the default behaviour serves: `web/dist`. */
  readonly portalDirectory: string;
}

/**
 * The edge: a CloudFront distribution with a WAF WebACL in front of the portal and the APIs. The
 * default behaviour serves the portal from a private bucket (`PortalSite`); `/api/*` goes to the HTTP
 * API uncached, with every viewer header but Host (API Gateway routes on its own Host); `/ws` to the
 * WebSocket API. The portal's and the API's answers carry the security headers (one response headers
 * policy, from the declaration the local edge reads too); a WebSocket handshake's answer does not
 * need them.
 *
 * A CloudFront WebACL exists only in us-east-1, so the app gives this stack `env.region` us-east-1
 * whatever the stage's Region (a check fails synth for a CLOUDFRONT WebACL anywhere else). The API's
 * endpoint comes from the Api stack in the stage's Region as a weak reference (`Fn::GetStackOutput`
 * with that Region), which crosses Regions where an export cannot.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly webAcl: EdgeWebAcl;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, {
      description: `${props.app} (${props.stage}): CloudFront distribution and its WAF WebACL (deploy to us-east-1).`,
      ...props,
    });
    const name = (n: string) => resourceName(props.app, props.stage, n);
    this.webAcl = new EdgeWebAcl(this, "Waf", {
      name: name("web-acl"),
      authRequestsPerIpPer5Minutes: props.authRequestsPerIpPer5Minutes,
    });

    // CloudFront's standard logs need a bucket that accepts ACL writes from the log delivery account.
    const logs = new Bucket(this, "AccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.settings.logRetentionDays) }],
      removalPolicy: props.settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // CloudFormation deletes only an empty bucket: without protection, a teardown empties it first.
      autoDeleteObjects: !props.settings.deletionProtection,
    });
    Validations.of(logs).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This bucket is the distribution's access-log destination; logging its own access would log the logs.",
    });

    const headers = securityHeadersPolicy(this, "SecurityHeaders", name("security-headers"));
    const portal = new PortalSite(this, "Portal", {
      directory: props.portalDirectory,
      accessLogs: logs,
      logRetention: props.settings.logRetentionDays,
      retain: props.settings.deletionProtection,
      functionName: name("spa-fallback"),
    });

    // `https://<id>.execute-api.<region>.amazonaws.com` → the host name CloudFront connects to.
    const apiDomain = Fn.select(2, Fn.split("/", props.httpApi.apiEndpoint));
    const api: BehaviorOptions = {
      origin: new HttpOrigin(apiDomain, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        // The authorizer refuses every request without it: only CloudFront (and its WAF) reaches the
        // API. Resolved by CloudFormation at deploy from the secret's us-east-1 copy; never in the template.
        customHeaders: props.originSecret
          ? { [EDGE.originHeader]: originSecretReference(props.originSecret) }
          : {},
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Every viewer header but Host, plus CloudFront's viewer headers: `CloudFront-Viewer-Address` is
      // the client's address for limits and audit.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      compress: true,
    };

    // `/ws` → the WebSocket API, whose stage is named after the path, so the path reaches it as it
    // is. Every viewer header (the WebSocket handshake's) and the query string (the ticket) are sent.
    const webSocket: Record<string, BehaviorOptions> = props.webSocket
      ? {
          [props.webSocket.path]: {
            ...api,
            origin: new HttpOrigin(Fn.select(2, Fn.split("/", props.webSocket.url)), {
              protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
              originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            }),
            // A handshake's answer is no page: the security headers are the portal's and the API's.
            responseHeadersPolicy: undefined,
            compress: false,
          },
        }
      : {};

    this.distribution = new Distribution(this, "Distribution", {
      comment: `${name("web")}: portal and API`,
      defaultBehavior: { ...portal.behavior, responseHeadersPolicy: headers },
      defaultRootObject: PORTAL.index,
      additionalBehaviors: { "/api/*": api, ...webSocket },
      webAclId: this.webAcl.webAcl.attrArn,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: "cloudfront/",
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: "AwsSolutions-CFR1",
        reason:
          "Tenants sign up from any country; the platform has no legal or business reason to refuse one.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason:
          "The distribution serves its default *.cloudfront.net certificate, whose minimum viewer TLS CloudFront fixes; a custom domain and ACM certificate (TLSv1.2_2021) come with the portal.",
      },
    );

    new CfnOutput(this, "DistributionDomain", {
      value: this.distribution.distributionDomainName,
      description: "Domain of the CloudFront distribution (portal, /api/* and the WebSocket path).",
    });
  }
}

/** `{{resolve:secretsmanager:<name>:SecretString:current::<version>}}`. */
function originSecretReference(secret: NonNullable<WebStackProps["originSecret"]>): string {
  return SecretValue.secretsManager(secret.name, {
    jsonField: "current",
    ...(secret.version ? { versionId: secret.version } : {}),
  }).unsafeUnwrap();
}
