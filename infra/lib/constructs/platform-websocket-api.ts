import { Arn, ArnFormat, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  LogGroupLogDestination,
  type ThrottleSettings,
  WebSocketApi,
  WebSocketStage,
} from "aws-cdk-lib/aws-apigatewayv2";
import { WebSocketLambdaAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { WebSocketLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { functionIds } from "#shared/platform/declaration/functions";
import { realtimeStageName } from "#shared/platform/declaration/naming";
import type { RealtimeDeclaration } from "#shared/platform/declaration/types";
import { pascalCase } from "../naming.ts";
import { PlatformFunction, type SharedFunctionProps } from "./platform-function.ts";
import type { WebSocketConnections } from "./platform-resources.ts";

/** One JSON object per connection event; fields named as the HTTP API's access log names them. */
const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  connectionId: "$context.connectionId",
  routeKey: "$context.routeKey",
  eventType: "$context.eventType",
  status: "$context.status",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTimeEpoch",
  integrationLatency: "$context.integrationLatency",
  authorizerError: "$context.authorizer.error",
  integrationError: "$context.integrationErrorMessage",
};

/** The `@connections` methods a function with `managesConnections` may call: post, read, close. */
const MANAGEMENT_METHODS = ["POST", "GET", "DELETE"] as const;

export interface PlatformWebSocketApiProps {
  readonly realtime: RealtimeDeclaration;
  readonly apiName: string;
  /** Physical function name from a short name (`realtime-connect`, …). */
  readonly functionName: (name: string) => string;
  /** The props every function shares; their resources gain this API's `connections` here. */
  readonly functionProps: SharedFunctionProps;
  readonly throttle: ThrottleSettings;
  readonly accessLogRetention: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly accessLogRemovalPolicy?: RemovalPolicy;
}

/**
 * The WebSocket API: the ticket authorizer (a Lambda REQUEST authorizer, identity source the ticket
 * query parameter) on `$connect`, one function per declared route key, a stage named after the
 * declared path with JSON access logs and throttling, and the `@connections` its functions manage.
 */
export class PlatformWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly connections: WebSocketConnections;
  /** Every function by its id (`realtime-authorizer`, `realtime-connect`, …). */
  readonly functions = new Map<string, PlatformFunction>();

  constructor(scope: Construct, id: string, props: PlatformWebSocketApiProps) {
    super(scope, id);
    const { realtime } = props;
    const stageName = realtimeStageName(realtime.path);
    this.api = new WebSocketApi(this, "WebSocketApi", {
      apiName: props.apiName,
      description: "Realtime events to the portal: a ticket authorizer on $connect, server-side audiences.",
      routeSelectionExpression: "$request.body.action",
    });
    const stack = Stack.of(this);
    const managementEndpoint = `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${stageName}`;
    this.connections = {
      managementEndpoint,
      connectionArns: MANAGEMENT_METHODS.map((method) =>
        Arn.format(
          {
            service: "execute-api",
            resource: this.api.apiId,
            resourceName: `${stageName}/${method}/@connections/*`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          },
          stack,
        ),
      ),
    };
    const functionProps: SharedFunctionProps = {
      ...props.functionProps,
      resources: { ...props.functionProps.resources, connections: this.connections },
    };
    const fn = (
      key: string,
      declaration: RealtimeDeclaration["authorizer"] | RealtimeDeclaration["routes"][string],
    ) => {
      const name = functionIds.realtime(key);
      const built = new PlatformFunction(this, `${pascalCase(name)}Function`, {
        ...functionProps,
        declaration,
        functionName: props.functionName(name),
        serviceName: "realtime",
      });
      this.functions.set(name, built);
      return built;
    };

    const authorizer = new WebSocketLambdaAuthorizer(
      "TicketAuthorizer",
      fn("authorizer", realtime.authorizer),
      {
        authorizerName: "ticket-authorizer",
        identitySource: [...realtime.authorizer.identitySource],
      },
    );
    for (const [routeKey, declaration] of Object.entries(realtime.routes)) {
      const integration = new WebSocketLambdaIntegration(
        `${pascalCase(functionIds.realtime(routeKey))}Integration`,
        fn(routeKey, declaration),
      );
      this.api.addRoute(routeKey, {
        integration,
        ...(routeKey === "$connect" ? { authorizer } : {}),
      });
    }
    if (!("$connect" in realtime.routes)) throw new Error("The realtime declaration needs a $connect route.");

    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.accessLogRetention,
      removalPolicy: props.accessLogRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = new WebSocketStage(this, "Stage", {
      webSocketApi: this.api,
      stageName,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    Validations.of(this.api).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "Only $connect takes an authorizer on a WebSocket API; every later message travels on the connection it authorized.",
    });
  }
}
