import type { Stack } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { realtimeEventPattern } from "#shared/contracts/realtime-events";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { declaredFunctions, expectPlatformFunctionDefaults } from "./support/function-expectations.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

let dev: SynthesizedApp;
let realtime: Template;
let apiId: string;

const stacksOf = (app: SynthesizedApp): Stack[] =>
  Object.values(app.stacks).filter((s): s is Stack => s !== undefined);

/** Every IAM statement of a template that names an action, with the policy's logical id. */
function statementsWith(template: Template, action: string) {
  return resourcesOf(template, "AWS::IAM::Policy").flatMap(([id, policy]) =>
    (
      policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement.filter((s) => [s.Action].flat().includes(action)).map((s) => ({
      id,
      roles: policy.Properties.Roles,
      statement: s,
    })),
  );
}

/** `arn:aws:execute-api:us-east-1:${AccountId}:<api>/ws/<METHOD>/@connections/*`. */
const connectionsArn = (method: string) => ({
  "Fn::Join": [
    "",
    [
      "arn:aws:execute-api:us-east-1:",
      { Ref: "AWS::AccountId" },
      ":",
      { Ref: apiId },
      `/ws/${method}/@connections/*`,
    ],
  ],
});

beforeAll(() => {
  dev = synthPlatform({ declaration: platform, stage: "dev" });
  const stack = dev.stacks.realtime;
  if (!stack) throw new Error("the platform declares realtime, so it has a Realtime stack");
  realtime = dev.template(stack);
  const [id] = resourcesOf(realtime, "AWS::ApiGatewayV2::Api")[0] ?? [];
  if (!id) throw new Error("no WebSocket API");
  apiId = id;
});

describe("the Realtime stack", () => {
  it("is not created for a declaration without realtime", () => {
    expect(synthPlatform({ declaration: fixtureDeclaration }).stacks.realtime).toBeUndefined();
  });

  it("holds one WebSocket API that selects routes by the message's action", () => {
    realtime.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    realtime.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      Name: "leadmetrics-dev-websocket-api",
      ProtocolType: "WEBSOCKET",
      RouteSelectionExpression: "$request.body.action",
    });
  });

  it("puts the ticket authorizer on $connect only, reading the ticket from the query string", () => {
    const authorizers = resourcesOf(realtime, "AWS::ApiGatewayV2::Authorizer");
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0] ?? [];
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: "REQUEST",
      IdentitySource: ["route.request.querystring.ticket"],
    });
    const routes = new Map(
      resourcesOf(realtime, "AWS::ApiGatewayV2::Route").map(([, r]) => [
        r.Properties.RouteKey as string,
        r.Properties,
      ]),
    );
    expect([...routes.keys()].sort()).toEqual(["$connect", "$default", "$disconnect"]);
    expect(routes.get("$connect")).toMatchObject({
      AuthorizationType: "CUSTOM",
      AuthorizerId: { Ref: authorizerId },
    });
    for (const key of ["$disconnect", "$default"]) {
      expect(routes.get(key)?.AuthorizerId, key).toBeUndefined();
    }
  });

  it("integrates each route with its own declared function", () => {
    const functionsByRef = new Map(
      resourcesOf(realtime, "AWS::Lambda::Function").map(([id, fn]) => [
        id,
        String(fn.Properties.FunctionName),
      ]),
    );
    const integrations = new Map(resourcesOf(realtime, "AWS::ApiGatewayV2::Integration"));
    const routeTargets = resourcesOf(realtime, "AWS::ApiGatewayV2::Route").map(([, r]) => {
      const target = JSON.stringify(r.Properties.Target);
      const integrationId = [...integrations.keys()].find((id) => target.includes(id));
      const uri = JSON.stringify(integrations.get(integrationId ?? "")?.Properties.IntegrationUri);
      const fn = [...functionsByRef].find(([id]) => uri.includes(id))?.[1];
      return [r.Properties.RouteKey, fn];
    });
    expect(Object.fromEntries(routeTargets)).toEqual({
      $connect: "leadmetrics-dev-realtime-connect",
      $disconnect: "leadmetrics-dev-realtime-disconnect",
      $default: "leadmetrics-dev-realtime-default",
    });
  });

  it("builds every function with the platform defaults, the fan-out among them", () => {
    const checked = expectPlatformFunctionDefaults(realtime, declaredFunctions(platform, "dev"), 14);
    expect(checked).toEqual([
      "leadmetrics-dev-realtime-authorizer",
      "leadmetrics-dev-realtime-connect",
      "leadmetrics-dev-realtime-default",
      "leadmetrics-dev-realtime-disconnect",
      "leadmetrics-dev-rule-realtime-fan-out",
    ]);
  });

  it("grants execute-api:ManageConnections on this API's @connections only, to the functions that manage connections", () => {
    const grants = statementsWith(realtime, "execute-api:ManageConnections");
    expect(grants).toHaveLength(2);
    for (const grant of grants) {
      const resources = grant.statement.Resource as unknown[];
      expect(resources).toHaveLength(3);
      expect(resources).toEqual(expect.arrayContaining(["POST", "GET", "DELETE"].map(connectionsArn)));
    }
    const roleOf = (name: string) => {
      const [, fn] =
        resourcesOf(realtime, "AWS::Lambda::Function").find(([, f]) => f.Properties.FunctionName === name) ??
        [];
      if (!fn) throw new Error(`no function ${name}`);
      return (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    };
    const granted = grants.flatMap((g) => (g.roles as { Ref: string }[]).map((r) => r.Ref)).sort();
    expect(granted).toEqual(
      [roleOf("leadmetrics-dev-realtime-default"), roleOf("leadmetrics-dev-rule-realtime-fan-out")].sort(),
    );
    for (const stack of stacksOf(dev).filter((s) => s !== dev.stacks.realtime)) {
      expect(statementsWith(dev.template(stack), "execute-api:ManageConnections"), stack.stackName).toEqual(
        [],
      );
    }
  });

  it("gives the functions that post the API's management endpoint as REALTIME_ENDPOINT", () => {
    for (const name of ["leadmetrics-dev-realtime-default", "leadmetrics-dev-rule-realtime-fan-out"]) {
      realtime.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: name,
        Environment: {
          Variables: Match.objectLike({
            REALTIME_ENDPOINT: {
              "Fn::Join": [
                "",
                ["https://", { Ref: apiId }, ".execute-api.us-east-1.", { Ref: "AWS::URLSuffix" }, "/ws"],
              ],
            },
          }),
        },
      });
    }
  });

  it("routes agent, content and notification events to the fan-out, retrying and dead-lettering them", () => {
    const rules = resourcesOf(realtime, "AWS::Events::Rule");
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0] ?? [];
    if (!rule) throw new Error("no rule");
    expect(rule.Properties).toMatchObject({
      Name: "leadmetrics-dev-rule-realtime-fan-out",
      EventPattern: realtimeEventPattern,
    });
    expect(realtimeEventPattern["detail-type"].sort()).toEqual(
      [
        "agent.completed",
        "agent.failed",
        "agent.progress",
        "content.status-changed",
        "notification.created",
      ].sort(),
    );
    expect(
      (rule.Properties.Targets as { DeadLetterConfig?: unknown; RetryPolicy?: unknown }[])[0],
    ).toMatchObject({
      DeadLetterConfig: { Arn: expect.anything() },
      RetryPolicy: expect.anything(),
    });
    const events = dev.stacks.events;
    if (events)
      dev
        .template(events)
        .resourcePropertiesCountIs("AWS::Events::Rule", { Name: "leadmetrics-dev-rule-realtime-fan-out" }, 0);
  });

  it("deploys a stage named after the path, throttled, with JSON access logs", () => {
    realtime.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "ws",
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("connectionId") },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });

  it("is reached through the front door: CloudFront sends /ws to the WebSocket API with every viewer header", () => {
    const web = dev.template(dev.stacks.web);
    const [, distribution] = resourcesOf(web, "AWS::CloudFront::Distribution")[0] ?? [];
    const config = distribution?.Properties.DistributionConfig as {
      CacheBehaviors: {
        PathPattern: string;
        TargetOriginId: string;
        OriginRequestPolicyId: string;
        CachePolicyId: string;
      }[];
      Origins: { Id: string; DomainName: unknown }[];
    };
    const ws = config.CacheBehaviors.find((b) => b.PathPattern === "/ws");
    expect(ws).toMatchObject({
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    });
    const origin = config.Origins.find((o) => o.Id === ws?.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain("leadmetrics-dev-realtime");
  });
});
