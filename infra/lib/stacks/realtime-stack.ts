import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { resourceName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration, RealtimeDeclaration } from "#shared/platform/declaration/types";
import { EventTargets } from "../constructs/event-targets.ts";
import type { PlatformFunction } from "../constructs/platform-function.ts";
import type { PlatformResources, WebSocketConnections } from "../constructs/platform-resources.ts";
import { PlatformWebSocketApi } from "../constructs/platform-websocket-api.ts";
import type { StageSettings } from "../stage-settings.ts";
import { eventsDeadLetterQueue, postsToConnections } from "./events-stack.ts";
import { sharedFunctionProps } from "./shared-function-props.ts";

export interface RealtimeStackProps extends StackProps {
  readonly declaration: PlatformDeclaration;
  readonly realtime: RealtimeDeclaration;
  readonly stage: string;
  readonly settings: StageSettings;
  /** The stateful resources (from the Data stack) that functions are bound to. */
  readonly resources: PlatformResources;
}

/**
 * The stateless realtime side: the WebSocket API, its ticket authorizer and route functions, and the
 * event rules whose targets post to its connections (the fan-out), granted this API's `@connections`
 * only.
 */
export class RealtimeStack extends Stack {
  readonly webSocket: PlatformWebSocketApi;
  readonly connections: WebSocketConnections;
  /** `wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}`: where CloudFront sends `/ws`. */
  readonly webSocketUrl: string;
  readonly functions: ReadonlyMap<string, PlatformFunction>;

  constructor(scope: Construct, id: string, props: RealtimeStackProps) {
    super(scope, id, props);
    const { declaration, stage, settings } = props;
    this.webSocket = new PlatformWebSocketApi(this, "Realtime", {
      realtime: props.realtime,
      apiName: resourceName(declaration.app, stage, "websocket-api"),
      functionName: (n) => resourceName(declaration.app, stage, n),
      functionProps: sharedFunctionProps(declaration, settings, props.resources),
      throttle: settings.throttling,
      accessLogRetention: settings.logRetentionDays,
      accessLogRemovalPolicy: settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.connections = this.webSocket.connections;
    const functionProps = sharedFunctionProps(declaration, settings, {
      ...props.resources,
      connections: this.connections,
    });
    // The rules whose targets post to connections (the fan-out) live here, beside the API.
    const rules = declaration.eventRules.filter(postsToConnections);
    const targets =
      rules.length > 0
        ? new EventTargets(this, "ConnectionTargets", {
            rules,
            schedules: [],
            eventBus: props.resources.eventBus,
            deadLetterQueue: eventsDeadLetterQueue(this, props.resources),
            functionName: (n) => resourceName(declaration.app, stage, n),
            functionProps,
          })
        : undefined;
    this.functions = new Map([...this.webSocket.functions, ...(targets?.functions ?? [])]);
    this.webSocketUrl = this.webSocket.stage.url;
    new CfnOutput(this, "WebSocketUrl", {
      value: this.webSocketUrl,
      description: "URL of the WebSocket API's stage (clients connect through the front door's /ws).",
    });
  }
}
