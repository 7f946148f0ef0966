import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { functionIds } from "#shared/platform/declaration/functions";
import type { PlatformDeclaration, RouteKey } from "#shared/platform/declaration/types";
import { listRoutes } from "#shared/platform/declaration/validate";
import { pascalCase } from "../naming.ts";
import { PlatformFunction, type SharedFunctionProps } from "./platform-function.ts";

/** The declaration's default authorizer cache TTL (`types.ts`). */
const DEFAULT_AUTHORIZER_CACHE_TTL_SECONDS = 30;

/** One JSON object per request; fields named as the local gateway logs them. */
const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  routeKey: "$context.routeKey",
  status: "$context.status",
  latency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  method: "$context.httpMethod",
  path: "$context.path",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTimeEpoch",
  authorizerError: "$context.authorizer.error",
  integrationError: "$context.integrationErrorMessage",
};

export interface PlatformHttpApiProps {
  readonly declaration: PlatformDeclaration;
  readonly apiName: string;
  /** Physical function name from a short name (`authorizer`, `api-<domain>`). */
  readonly functionName: (name: string) => string;
  readonly functionProps: SharedFunctionProps;
  /** Default-stage throttling for every route. */
  readonly throttle: ThrottleSettings;
  readonly accessLogRetention: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly accessLogRemovalPolicy?: RemovalPolicy;
}

/**
 * The HTTP API: one Lambda per declared domain, every declared route, and the Lambda authorizer in
 * front of every route whose key is not on the public allow-list (default deny: the authorizer is
 * also the API's default). With a declared `publicIdentitySource`, the public routes sit behind the
 * same function as a second authorizer that checks only the front door's origin header. Access logs
 * are JSON; the `$default` stage is throttled.
 */
export class PlatformHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizerFunction: PlatformFunction;
  /** One function per domain, by domain name. */
  readonly domainFunctions = new Map<string, PlatformFunction>();
  readonly routes = new Map<RouteKey, HttpRoute>();

  constructor(scope: Construct, id: string, props: PlatformHttpApiProps) {
    super(scope, id);
    const { declaration } = props;

    this.authorizerFunction = new PlatformFunction(this, "AuthorizerFunction", {
      ...props.functionProps,
      declaration: declaration.authorizer,
      functionName: props.functionName(functionIds.authorizer),
      serviceName: "authorizer",
    });
    const resultsCacheTtl = Duration.seconds(
      declaration.authorizer.resultsCacheTtlSeconds ?? DEFAULT_AUTHORIZER_CACHE_TTL_SECONDS,
    );
    const authorizer = new HttpLambdaAuthorizer("Authorizer", this.authorizerFunction, {
      authorizerName: "platform-authorizer",
      identitySource: [...declaration.authorizer.identitySource],
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl,
    });
    // The public routes' own authorizer (the same function): it checks only that a request came
    // through the front door, so nothing reaches a function around CloudFront and its WAF.
    const publicIdentitySource = declaration.authorizer.publicIdentitySource;
    const publicAuthorizer = publicIdentitySource
      ? new HttpLambdaAuthorizer("PublicRoutesAuthorizer", this.authorizerFunction, {
          authorizerName: "front-door-authorizer",
          identitySource: [...publicIdentitySource],
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          resultsCacheTtl,
        })
      : undefined;

    this.api = new HttpApi(this, "HttpApi", {
      apiName: props.apiName,
      description: `${declaration.app} HTTP API: one Lambda per domain behind the platform authorizer.`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.accessLogRetention,
      removalPolicy: props.accessLogRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const domain of declaration.api) {
      const fn = new PlatformFunction(this, `${pascalCase(domain.domain)}Function`, {
        ...props.functionProps,
        declaration: domain,
        functionName: props.functionName(functionIds.api(domain.domain)),
        serviceName: domain.domain,
      });
      this.domainFunctions.set(domain.domain, fn);
      integrations.set(
        domain.domain,
        new HttpLambdaIntegration(`${pascalCase(domain.domain)}Integration`, fn),
      );
    }

    for (const { key, domain, route, public: isPublic } of listRoutes(declaration)) {
      const integration = integrations.get(domain.domain);
      if (integration === undefined)
        throw new Error(`Route ${key} belongs to undeclared domain "${domain.domain}".`);
      const httpRoute = new HttpRoute(this, routeConstructId(key), {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: isPublic ? (publicAuthorizer ?? new HttpNoneAuthorizer()) : authorizer,
      });
      if (isPublic && !publicAuthorizer) {
        Validations.of(httpRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${key} is on the public allow-list (shared/platform/declaration/public-routes.ts), pinned by a test.`,
        });
      }
      this.routes.set(key, httpRoute);
    }
  }
}

/**
 * `GET /api/tenants/{tenantId}/content` → `RouteGETApiTenantsByTenantIdContent`: derived from the key,
 * so reordering the declaration never replaces a route (two keys that collapse to one id fail synth).
 */
function routeConstructId(key: RouteKey): string {
  const [method, path = ""] = key.split(" ");
  const words = path.replace(/\{([A-Za-z0-9_]+)\+\}/g, "ByProxy-$1").replace(/\{([A-Za-z0-9_]+)\}/g, "By-$1");
  return `Route${method}${pascalCase(words)}`;
}
