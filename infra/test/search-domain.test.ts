import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { SEARCH_TLS_POLICY } from "../lib/constructs/search-domain.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { searchFixtureDeclaration } from "./fixtures/search-declaration.ts";
import { isAllowed } from "./support/iam-evaluation.ts";
import { principalGrants, stackTemplates } from "./support/principal-grants.ts";
import {
  resourcesOf,
  type SynthesizedApp,
  synthPlatform,
  unacknowledgedFindings,
} from "./support/synth-platform.ts";
import { referenceTo, resourceAt } from "./support/template-references.ts";

const ACCOUNT = "123456789012";
const DOMAIN_ARN = `arn:aws:es:us-east-1:${ACCOUNT}:domain/leadmetrics-dev-search`;

/** The search fixture synthesized for each stage, as cdk.json configures it. */
const apps = new Map<string, SynthesizedApp>();
beforeAll(() => {
  for (const stage of ["dev", "prod"]) {
    apps.set(stage, synthPlatform({ declaration: searchFixtureDeclaration, stage }));
  }
});
const appOf = (stage: string): SynthesizedApp => {
  const app = apps.get(stage);
  if (!app) throw new Error(`no app for ${stage}`);
  return app;
};
const dataOf = (stage: string): Template => appOf(stage).template(appOf(stage).stacks.data);

function domainOf(template: Template) {
  const domains = resourcesOf(template, "AWS::OpenSearchService::Domain");
  expect(domains).toHaveLength(1);
  const [logicalId] = domains[0] ?? [];
  const resource = template.toJSON().Resources[logicalId ?? ""];
  return { logicalId: logicalId ?? "", ...resource } as {
    logicalId: string;
    Properties: Record<string, unknown> & {
      VPCOptions: { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
      AccessPolicies: { Statement: Record<string, unknown>[] };
    };
    DeletionPolicy?: string;
  };
}

/** The Lambda function of the template whose physical name is `name`. */
function functionNamed(template: Template, name: string) {
  const found = resourcesOf(template, "AWS::Lambda::Function").find(
    ([, fn]) => fn.Properties.FunctionName === name,
  );
  if (!found) throw new Error(`no function ${name}`);
  return found[1].Properties as Record<string, unknown> & {
    Role: unknown;
    VpcConfig?: { SecurityGroupIds: unknown[]; SubnetIds: unknown[] };
    Environment: { Variables: Record<string, unknown> };
  };
}

describe("the search domain", () => {
  it("runs OpenSearch 2.19 in the VPC's private subnets, encrypted at rest and between nodes, HTTPS only with TLS 1.2 or later", () => {
    for (const stage of ["dev", "prod"]) {
      const data = dataOf(stage);
      const domain = domainOf(data);
      expect(domain.Properties, stage).toMatchObject({
        DomainName: `leadmetrics-${stage}-search`,
        EngineVersion: "OpenSearch_2.19",
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: SEARCH_TLS_POLICY },
        EBSOptions: { EBSEnabled: true, VolumeType: "gp3" },
      });
      expect(SEARCH_TLS_POLICY).toMatch(/^Policy-Min-TLS-1-2/);
      const subnets = domain.Properties.VPCOptions.SubnetIds.map((s) => resourceAt(data, s));
      expect(subnets.length, stage).toBeGreaterThan(0);
      for (const subnet of subnets) {
        expect(subnet.Properties.MapPublicIpOnLaunch, stage).toBe(false);
        expect(subnet.Properties.Tags, stage).toContainEqual({
          Key: "aws-cdk:subnet-type",
          Value: "Private",
        });
      }
    }
  });

  it("admits HTTPS from the search clients' security group and nothing else", () => {
    const data = dataOf("dev");
    const [group] = domainOf(data).Properties.VPCOptions.SecurityGroupIds.map((g) => referenceTo(g));
    const ingress = resourcesOf(data, "AWS::EC2::SecurityGroupIngress").filter(
      ([, rule]) => referenceTo(rule.Properties.GroupId)?.logicalId === group?.logicalId,
    );
    expect(ingress).toHaveLength(1);
    const rule = ingress[0]?.[1].Properties;
    expect(rule).toMatchObject({ IpProtocol: "tcp", FromPort: 443, ToPort: 443 });
    const client = referenceTo(rule?.SourceSecurityGroupId);
    expect(client?.logicalId).toMatch(/SearchClientSecurityGroup/);
    const domainGroup = resourceAt(data, { Ref: group?.logicalId });
    expect(domainGroup.Properties.SecurityGroupIngress ?? []).toEqual([]);
  });

  it("controls access finely with IAM as the only identity: no internal users, no password, the admin role as master", () => {
    const data = dataOf("dev");
    const security = domainOf(data).Properties.AdvancedSecurityOptions as Record<string, unknown>;
    expect(security).toMatchObject({ Enabled: true, InternalUserDatabaseEnabled: false });
    const master = security.MasterUserOptions as Record<string, unknown>;
    expect(Object.keys(master)).toEqual(["MasterUserARN"]);
    const admin = resourceAt(data, master.MasterUserARN);
    expect(admin.Properties.RoleName).toBe("leadmetrics-dev-search-admin");
  });

  it("admits through its access policy only the roles of this stage's platform, and only on its paths", () => {
    const app = appOf("dev");
    const [statement, ...others] = domainOf(dataOf("dev")).Properties.AccessPolicies.Statement;
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      Effect: "Allow",
      Condition: { StringEquals: { "aws:PrincipalTag/app": "leadmetrics", "aws:PrincipalTag/stage": "dev" } },
    });
    expect(JSON.stringify(statement?.Principal)).not.toContain('"*"');
    expect(JSON.stringify(statement?.Resource)).toMatch(/domain\/leadmetrics-dev-search\/\*"?\]?\]?}?$/);
    // The roles that call it carry those tags.
    const api = app.template(app.stacks.api);
    const role = resourceAt(api, functionNamed(api, "leadmetrics-dev-api-content").Role);
    expect(role.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: "app", Value: "leadmetrics" },
        { Key: "stage", Value: "dev" },
      ]),
    );
  });

  it("publishes its slow logs and error logs to CloudWatch Logs, which the service may write to", () => {
    const data = dataOf("dev");
    const logs = domainOf(data).Properties.LogPublishingOptions as Record<string, { Enabled: boolean }>;
    expect(Object.keys(logs).sort()).toEqual(["ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"]);
    for (const log of Object.values(logs)) expect(log.Enabled).toBe(true);
    const [policy] = resourcesOf(data, "AWS::Logs::ResourcePolicy");
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain("es.amazonaws.com");
  });

  it("is one node on dev, deleted with its stack; two AZs with three dedicated masters on prod, retained", () => {
    const dev = domainOf(dataOf("dev"));
    expect(dev.Properties.ClusterConfig).toMatchObject({
      InstanceCount: 1,
      ZoneAwarenessEnabled: false,
      DedicatedMasterEnabled: false,
    });
    expect(dev.Properties.VPCOptions.SubnetIds).toHaveLength(1);
    expect(dev.DeletionPolicy).toBe("Delete");
    const prod = domainOf(dataOf("prod"));
    expect(prod.Properties.ClusterConfig).toMatchObject({
      InstanceCount: 2,
      ZoneAwarenessEnabled: true,
      ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
      DedicatedMasterEnabled: true,
      DedicatedMasterCount: 3,
    });
    expect(prod.Properties.VPCOptions.SubnetIds).toHaveLength(2);
    expect(prod.DeletionPolicy).toBe("Retain");
  });

  it("exists only when a function binds search", () => {
    const app = synthPlatform({ declaration: fixtureDeclaration, stage: "dev" });
    app.template(app.stacks.data).resourceCountIs("AWS::OpenSearchService::Domain", 0);
    expect(app.stacks.data.search).toBeUndefined();
  });

  it("refuses a stage without NAT gateways: a search-bound function in the VPC could reach nothing else", () => {
    expect(() =>
      synthPlatform({ declaration: searchFixtureDeclaration, stage: "dev", settings: { natGateways: 0 } }),
    ).toThrow(/binds search.*natGateways/s);
  });
});

describe("the search binding", () => {
  const grantsOf = () =>
    principalGrants(stackTemplates(appOf("dev")), {
      app: "leadmetrics",
      synthesizedStage: "dev",
      stage: "dev",
      region: "us-east-1",
      account: ACCOUNT,
    });
  const paths = [`${DOMAIN_ARN}/content-v1/_search`, `${DOMAIN_ARN}/content-v1/_doc/01J`, `${DOMAIN_ARN}/`];

  it("lets a function bound read GET, HEAD and POST on the domain's paths, never PUT, DELETE or PATCH", () => {
    const grants = grantsOf();
    for (const reader of ["api-content", "consumer-site-auditor"]) {
      const statements = grants.get(reader) ?? [];
      for (const path of paths) {
        for (const action of ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"]) {
          expect(isAllowed(statements, action, path), `${reader} ${action} ${path}`).toBe(true);
        }
        for (const action of ["es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpPatch"]) {
          expect(isAllowed(statements, action, path), `${reader} ${action} ${path}`).toBe(false);
        }
      }
      // Nor the domain's configuration, nor another domain.
      expect(isAllowed(statements, "es:ESHttpGet", `${DOMAIN_ARN}-other/x`)).toBe(false);
      expect(isAllowed(statements, "es:UpdateDomainConfig", DOMAIN_ARN)).toBe(false);
    }
  });

  it("lets a function bound readwrite also PUT, DELETE and PATCH, and one not bound nothing", () => {
    const grants = grantsOf();
    const writer = grants.get("rule-search-indexer") ?? [];
    for (const action of [
      "es:ESHttpGet",
      "es:ESHttpPost",
      "es:ESHttpPut",
      "es:ESHttpDelete",
      "es:ESHttpPatch",
    ]) {
      expect(isAllowed(writer, action, `${DOMAIN_ARN}/content-v1/_doc/01J`), action).toBe(true);
    }
    const unbound = grants.get("api-health") ?? [];
    expect(unbound.length).toBeGreaterThan(0);
    expect(isAllowed(unbound, "es:ESHttpGet", `${DOMAIN_ARN}/content-v1/_search`)).toBe(false);
  });

  it("puts a search-bound function, and only such, in the VPC's private subnets in the clients' group, with SEARCH_ENDPOINT", () => {
    const app = appOf("dev");
    const api = app.template(app.stacks.api);
    const data = dataOf("dev");
    const content = functionNamed(api, "leadmetrics-dev-api-content");
    const [group] = content.VpcConfig?.SecurityGroupIds ?? [];
    expect(referenceTo(group, data)?.logicalId).toMatch(/SearchClientSecurityGroup/);
    for (const subnet of content.VpcConfig?.SubnetIds ?? []) {
      const ref = referenceTo(subnet, data);
      expect(resourceAt(data, { Ref: ref?.logicalId }).Properties.MapPublicIpOnLaunch).toBe(false);
    }
    expect(JSON.stringify(content.Environment.Variables.SEARCH_ENDPOINT)).toContain("https://");
    // Lambda attaches it to the VPC with the function's role: only a VPC function's role may.
    const vpcAccess = (fn: { Role: unknown }) =>
      JSON.stringify(resourceAt(api, fn.Role).Properties.ManagedPolicyArns ?? []).includes(
        "AWSLambdaVPCAccessExecutionRole",
      );
    expect(vpcAccess(content)).toBe(true);
    const health = functionNamed(api, "leadmetrics-dev-api-health");
    expect(health.VpcConfig).toBeUndefined();
    expect(health.Environment.Variables.SEARCH_ENDPOINT).toBeUndefined();
    expect(vpcAccess(health)).toBe(false);
  });

  it("puts a Fargate consumer bound to search in the clients' group", () => {
    const app = appOf("dev");
    const workers = app.stacks.workers;
    if (!workers) throw new Error("the fixture declares consumers");
    const [service] = resourcesOf(app.template(workers), "AWS::ECS::Service");
    if (!service) throw new Error("the fixture declares a Fargate consumer");
    const groups = (
      service[1].Properties.NetworkConfiguration as { AwsvpcConfiguration: { SecurityGroups: unknown[] } }
    ).AwsvpcConfiguration.SecurityGroups;
    expect(
      groups.some((g) => /SearchClientSecurityGroup/.test(referenceTo(g, dataOf("dev"))?.logicalId ?? "")),
    ).toBe(true);
  });
});

describe("the search domain's alarms and dashboard", () => {
  const observability = () => appOf("dev").template(appOf("dev").stacks.observability);
  const alarmNamed = (template: Template, name: string) => {
    const found = resourcesOf(template, "AWS::CloudWatch::Alarm").find(
      ([, alarm]) => alarm.Properties.AlarmName === name,
    );
    if (!found) throw new Error(`no alarm ${name}`);
    return found[1].Properties;
  };

  it("alarm on red and yellow health, free storage, JVM memory pressure, failed snapshots and 5xx, to the ops topic", () => {
    const template = observability();
    const expected: [string, string, string, number][] = [
      ["search-cluster-red", "ClusterStatus.red", "GreaterThanThreshold", 0],
      ["search-cluster-yellow", "ClusterStatus.yellow", "GreaterThanThreshold", 0],
      // A quarter of dev's 10 GiB, in MiB as the metric reports it.
      ["search-free-storage", "FreeStorageSpace", "LessThanThreshold", 2560],
      ["search-jvm-memory-pressure", "JVMMemoryPressure", "GreaterThanThreshold", 95],
      ["search-snapshot-failed", "AutomatedSnapshotFailure", "GreaterThanThreshold", 0],
      ["search-5xx", "5xx", "GreaterThanThreshold", 0],
    ];
    for (const [name, metric, comparison, threshold] of expected) {
      const alarm = alarmNamed(template, `leadmetrics-dev-${name}`);
      expect(alarm, name).toMatchObject({
        Namespace: "AWS/ES",
        MetricName: metric,
        ComparisonOperator: comparison,
        Threshold: threshold,
      });
      expect(alarm.Dimensions, name).toEqual(
        expect.arrayContaining([{ Name: "DomainName", Value: "leadmetrics-dev-search" }]),
      );
      expect((alarm.AlarmActions as unknown[]).length, name).toBe(1);
    }
  });

  it("alarm on the indexer's failures through the DLQ its rule dead-letters to", () => {
    const app = appOf("dev");
    const events = app.stacks.events;
    if (!events) throw new Error("the fixture declares event rules");
    const [rule] = resourcesOf(app.template(events), "AWS::Events::Rule").filter(([, r]) =>
      String(r.Properties.Name).endsWith("search-indexer"),
    );
    if (!rule) throw new Error("the search fixture declares the search-indexer rule");
    const [target] = rule[1].Properties.Targets as { DeadLetterConfig: { Arn: unknown } }[];
    const dlq = referenceTo(target?.DeadLetterConfig.Arn, dataOf("dev"));
    const queue = resourceAt(dataOf("dev"), { Ref: dlq?.logicalId });
    expect(queue.Properties.QueueName).toBe("leadmetrics-dev-events-dlq");
    expect(alarmNamed(observability(), "leadmetrics-dev-events-dlq-not-empty").MetricName).toBe(
      "ApproximateNumberOfMessagesVisible",
    );
  });

  it("graph search latency and the indexing rate on the dashboard", () => {
    const [dashboard] = resourcesOf(observability(), "AWS::CloudWatch::Dashboard");
    const body = JSON.stringify(dashboard?.[1].Properties.DashboardBody);
    for (const metric of ["SearchLatency", "IndexingRate", "SearchRate", "ClusterStatus.red"]) {
      expect(body).toContain(metric);
    }
  });
});

describe("cdk-nag with search", () => {
  it.each(["dev", "prod"])("reports no unacknowledged finding on %s", (stage) => {
    expect(unacknowledgedFindings(appOf(stage).report)).toEqual([]);
  });
});
