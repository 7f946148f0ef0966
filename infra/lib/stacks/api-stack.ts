import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { Construct } from "constructs";
import { resourceName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import type { PlatformFunction } from "../constructs/platform-function.ts";
import { PlatformHttpApi } from "../constructs/platform-http-api.ts";
import type { PlatformResources } from "../constructs/platform-resources.ts";
import type { StageSettings } from "../stage-settings.ts";
import { sharedFunctionProps } from "./shared-function-props.ts";

export interface ApiStackProps extends StackProps {
  readonly declaration: PlatformDeclaration;
  readonly stage: string;
  readonly settings: StageSettings;
  /** The stateful resources (from the Data stack) that functions are bound to. */
  readonly resources: PlatformResources;
}

/** The stateless HTTP side: the API, its authorizer and one Lambda per domain. */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  /** Every function of this stack by a short name (`authorizer`, `api-<domain>`), for monitoring. */
  readonly functions: ReadonlyMap<string, PlatformFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { declaration, stage, settings } = props;
    const api = new PlatformHttpApi(this, "Api", {
      declaration,
      apiName: resourceName(declaration.app, stage, "http-api"),
      functionName: (n) => resourceName(declaration.app, stage, n),
      functionProps: sharedFunctionProps(declaration, settings, props.resources),
      throttle: settings.throttling,
      accessLogRetention: settings.logRetentionDays,
      accessLogRemovalPolicy: settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.httpApi = api.api;
    this.functions = new Map([
      ["authorizer", api.authorizerFunction],
      ...[...api.domainFunctions].map(([domain, fn]) => [`api-${domain}`, fn] as const),
    ]);
    new CfnOutput(this, "ApiEndpoint", {
      value: api.api.apiEndpoint,
      description: "Base URL of the HTTP API.",
    });
  }
}
