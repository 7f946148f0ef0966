import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { environmentFor } from "#shared/platform/declaration/environment";
import { PUBLIC_ROUTES } from "#shared/platform/declaration/public-routes";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { listRoutes } from "#shared/platform/declaration/validate";
import { pascalCase } from "../lib/naming.ts";
import { synthesizeApiTemplate, synthesizedRouteKeys } from "../lib/synthesized-routes.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { declaredFunctions, expectPlatformFunctionDefaults } from "./support/function-expectations.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

const cases: [string, PlatformDeclaration][] = [
  ["the real declaration", platform],
  ["a fixture declaration with protected routes", fixtureDeclaration],
];
const synthesized = new Map<PlatformDeclaration, SynthesizedApp>();
interface Statement {
  Action: string | string[];
  Resource: unknown;
}
const apiTemplate = (declaration: PlatformDeclaration): Template => {
  const app = synthesized.get(declaration);
  if (!app) throw new Error("not synthesized");
  return app.template(app.stacks.api);
};

beforeAll(() => {
  for (const [, declaration] of cases) synthesized.set(declaration, synthPlatform({ declaration }));
});

describe.each(cases)("the Api stack, for %s", (_, declaration) => {
  it("synthesizes exactly the declared route keys", () => {
    expect(synthesizedRouteKeys(apiTemplate(declaration).toJSON())).toEqual(
      listRoutes(declaration)
        .map((r) => r.key)
        .sort(),
    );
  });

  it("puts the Lambda authorizer on every route off the public allow-list, and the front-door check on the others", () => {
    const template = apiTemplate(declaration);
    const authorizers = resourcesOf(template, "AWS::ApiGatewayV2::Authorizer");
    const byIdentity = (sources: readonly string[] | undefined) =>
      sources &&
      authorizers.find(
        ([, a]) => JSON.stringify(a.Properties.IdentitySource) === JSON.stringify(sources),
      )?.[0];
    const signedIn = byIdentity(declaration.authorizer.identitySource);
    const frontDoor = byIdentity(declaration.authorizer.publicIdentitySource);
    const protectedKeys = listRoutes(declaration).filter((r) => !r.public);
    expect(authorizers).toHaveLength(
      (protectedKeys.length > 0 ? 1 : 0) + (declaration.authorizer.publicIdentitySource ? 1 : 0),
    );
    const routes = resourcesOf(template, "AWS::ApiGatewayV2::Route");
    for (const [, route] of routes) {
      const key = String(route.Properties.RouteKey);
      if (!PUBLIC_ROUTES.includes(key)) {
        expect(route.Properties.AuthorizationType, key).toBe("CUSTOM");
        expect(route.Properties.AuthorizerId, key).toEqual({ Ref: signedIn });
      } else if (frontDoor) {
        expect(route.Properties.AuthorizationType, key).toBe("CUSTOM");
        expect(route.Properties.AuthorizerId, key).toEqual({ Ref: frontDoor });
      } else {
        expect(route.Properties.AuthorizationType, key).toBe("NONE");
        expect(route.Properties.AuthorizerId, key).toBeUndefined();
      }
    }
  });

  it("runs one function per domain plus the authorizer, each with the platform defaults", () => {
    const checked = expectPlatformFunctionDefaults(
      apiTemplate(declaration),
      declaredFunctions(declaration, "dev"),
      14,
    );
    expect(checked).toEqual(
      ["leadmetrics-dev-authorizer", ...declaration.api.map((d) => `leadmetrics-dev-api-${d.domain}`)].sort(),
    );
  });

  it("sets each domain function's binding variables exactly as environmentFor names them", () => {
    const template = apiTemplate(declaration);
    for (const domain of declaration.api) {
      const expected = Object.keys(
        environmentFor(domain.bindings, {
          stage: "dev",
          tableName: "t",
          eventBusName: "b",
          starterCredits: 25,
          accessTokenTtlSeconds: 900,
          queueUrl: (q) => q,
          secretId: (s) => s,
        }),
      );
      const fn = resourcesOf(template, "AWS::Lambda::Function").find(
        ([, f]) => f.Properties.FunctionName === `leadmetrics-dev-api-${domain.domain}`,
      );
      if (!fn) throw new Error(`no function for domain ${domain.domain}`);
      const env = (fn[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const name of expected) expect(env[name], `${domain.domain}: ${name}`).toBeDefined();
      expect(env.STAGE).toBe("dev");
      expect(env.POWERTOOLS_SERVICE_NAME).toBe(domain.domain);
    }
  });

  it("logs every request as JSON and throttles the default stage", () => {
    const template = apiTemplate(declaration);
    const stages = resourcesOf(template, "AWS::ApiGatewayV2::Stage");
    expect(stages).toHaveLength(1);
    const [[, stage] = []] = stages;
    if (!stage) throw new Error("no stage");
    expect(stage.Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = JSON.parse(String((stage.Properties.AccessLogSettings as { Format: string }).Format));
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
      status: "$context.status",
      latency: "$context.responseLatency",
    });
  });
});

describe("the Api stack's authorizer", () => {
  it("answers with simple responses, keyed by the declared identity source and cached for the declared TTL", () => {
    apiTemplate(fixtureDeclaration).hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "REQUEST",
      AuthorizerPayloadFormatVersion: "2.0",
      EnableSimpleResponses: true,
      IdentitySource: ["$request.header.Authorization", "$context.routeKey"],
      AuthorizerResultTtlInSeconds: 45,
    });
  });
});

describe("the Api stack's front door", () => {
  const template = () => apiTemplate(platform);

  it("refuses, in API Gateway, every request without the origin header: it is in both authorizers' identity source", () => {
    const authorizers = resourcesOf(template(), "AWS::ApiGatewayV2::Authorizer");
    expect(authorizers).toHaveLength(2);
    for (const [, authorizer] of authorizers) {
      expect(authorizer.Properties.IdentitySource).toContain("$request.header.x-origin-verify");
      expect(authorizer.Properties).toMatchObject({ EnableSimpleResponses: true, AuthorizerType: "REQUEST" });
    }
    const uris = new Set(authorizers.map(([, a]) => JSON.stringify(a.Properties.AuthorizerUri)));
    expect(uris.size, "one authorizer function behind both").toBe(1);
  });

  it("lets the authorizer, and only it, read the origin secret", () => {
    const [, authorizer] =
      resourcesOf(template(), "AWS::Lambda::Function").find(
        ([, f]) => f.Properties.FunctionName === "leadmetrics-dev-authorizer",
      ) ?? [];
    const environment = authorizer?.Properties.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined;
    const variables = environment?.Variables ?? {};
    expect(variables.SECRET_ID_ORIGIN_VERIFY).toBeDefined();
    const others = resourcesOf(template(), "AWS::Lambda::Function").filter(
      ([, f]) => f.Properties.FunctionName !== "leadmetrics-dev-authorizer",
    );
    for (const [id, fn] of others) {
      const env = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      expect(env?.SECRET_ID_ORIGIN_VERIFY, id).toBeUndefined();
    }
  });
});

describe("the Api stack's grants", () => {
  it("lets a function read the table and its indexes but never Scan it", () => {
    const policies = resourcesOf(apiTemplate(fixtureDeclaration), "AWS::IAM::Policy");
    const actions = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
        (s) => s.Action,
      ),
    );
    expect(actions).toContain("dynamodb:Query");
    expect(actions).toContain("dynamodb:PutItem");
    expect(actions).not.toContain("dynamodb:Scan");
  });

  it("lets the admin function peek at and redrive each agent DLQ, and send only to the queue each came from", () => {
    const policies = resourcesOf(apiTemplate(platform), "AWS::IAM::Policy").filter(([id]) =>
      id.startsWith("ApiAdminFunctionRole"),
    );
    const statements = policies.flatMap(
      ([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    // Imported queue ARNs name the queue's construct: `…FnGetAttQueuesAgentSetupDlq3867DB78Arn…`.
    const queuesOf = (actions: string | string[]) =>
      statements
        .filter((s) => JSON.stringify(s.Action) === JSON.stringify(actions))
        .flatMap((s) => [s.Resource].flat())
        .map((r) => /FnGetAttQueues([A-Za-z]+?)[0-9A-F]{8}Arn/.exec(JSON.stringify(r))?.[1])
        .sort();
    const agents = AGENT_ROLES.map((role) => pascalCase(agentQueueName(role)));

    expect(
      queuesOf([
        "sqs:CancelMessageMoveTask",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ListMessageMoveTasks",
        "sqs:ReceiveMessage",
        "sqs:StartMessageMoveTask",
      ]),
    ).toEqual(agents.map((queue) => `${queue}Dlq`).sort());
    expect(queuesOf("sqs:SendMessage")).toEqual([...agents].sort());
  });

  it("lets only the admin function read CloudWatch metrics (the queues' ages), and nothing more", () => {
    const readers = resourcesOf(apiTemplate(platform), "AWS::IAM::Policy")
      .filter(([, p]) =>
        (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some((s) =>
          [s.Action].flat().some((a) => String(a).startsWith("cloudwatch:")),
        ),
      )
      .map(([id, p]) => ({
        id,
        statements: (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
          [s.Action].flat().some((a) => String(a).startsWith("cloudwatch:")),
        ),
      }));
    expect(readers.map((r) => r.id.replace(/[0-9A-F]{8}$/, ""))).toEqual([
      "ApiAdminFunctionRoleDefaultPolicy",
    ]);
    // CDK merges it with X-Ray's statement, which is on `*` too.
    const statements = readers[0]?.statements ?? [];
    expect(statements.map((s) => [s.Action].flat().filter((a) => a.startsWith("cloudwatch:")))).toEqual([
      ["cloudwatch:GetMetricData"],
    ]);
    expect(statements.map((s) => s.Resource)).toEqual(["*"]);
  });

  it("lets the health function ask exactly what its readiness probes ask, and publish and read nothing", () => {
    const statements = resourcesOf(apiTemplate(platform), "AWS::IAM::Policy")
      .filter(([id]) => id.startsWith("ApiHealthFunctionRole"))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    // Imported ARNs name the resource's construct: `…FnGetAttEventBus7B8748AAArn…`, `…RefSecretsSigningKeys…`.
    const grants = statements.flatMap((s) =>
      [s.Action].flat().map((action) => {
        const construct = /Output(?:FnGetAtt|Ref)([A-Za-z]+?)[0-9A-F]{8}/.exec(
          JSON.stringify(s.Resource),
        )?.[1];
        return `${action} on ${construct ?? JSON.stringify(s.Resource)}`;
      }),
    );
    expect(grants.filter((grant) => !/^(logs|xray):/.test(grant)).sort()).toEqual([
      "dynamodb:DescribeTable on MainTable",
      "events:DescribeEventBus on EventBus",
      "secretsmanager:DescribeSecret on SecretsSigningKeys",
      "sqs:GetQueueAttributes on QueuesEventsDlq",
    ]);
  });

  it("lets the content function send to the blog-writer queue it is bound to", () => {
    apiTemplate(fixtureDeclaration).hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(["sqs:SendMessage"]), Resource: Match.anyValue() }),
        ]),
      },
    });
  });
});

describe("synthesizeApiTemplate", () => {
  it("gives the same route keys as the full synth, for the local gateway's parity test", () => {
    expect(synthesizedRouteKeys(synthesizeApiTemplate())).toEqual(
      listRoutes(platform)
        .map((r) => r.key)
        .sort(),
    );
  });
});
