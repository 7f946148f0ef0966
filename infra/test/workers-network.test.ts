import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { consumerLogOptions, LOG_ROUTER_IMAGE } from "../lib/constructs/container-consumers.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { containersOf } from "./support/container-definitions.ts";
import { resourcesOf, synthPlatform } from "./support/synth-platform.ts";
import {
  actionsOf,
  policyStatementsOf,
  resourceAt,
  resourcesOfStatement,
} from "./support/template-references.ts";

/** The Workers template of the fixture declaration on each stage, as cdk.json configures it. */
const workers = new Map<string, Template>();
beforeAll(() => {
  for (const stage of ["dev", "prod"]) {
    const app = synthPlatform({ declaration: fixtureDeclaration, stage });
    if (!app.stacks.workers) throw new Error("the fixture declares consumers");
    workers.set(stage, app.template(app.stacks.workers));
  }
});
const workersOf = (stage: string): Template => {
  const found = workers.get(stage);
  if (!found) throw new Error(`no Workers stack for ${stage}`);
  return found;
};

/** Each service's subnets, public-IP setting and security groups. */
function networkOf(template: Template) {
  return resourcesOf(template, "AWS::ECS::Service").map(([, service]) => {
    const config = (
      service.Properties.NetworkConfiguration as {
        AwsvpcConfiguration: { Subnets: unknown[]; AssignPublicIp: string; SecurityGroups: unknown[] };
      }
    ).AwsvpcConfiguration;
    return {
      subnets: config.Subnets.map((subnet) => resourceAt(template, subnet)),
      assignPublicIp: config.AssignPublicIp,
      securityGroups: config.SecurityGroups.map((group) => resourceAt(template, group)),
    };
  });
}

describe("the Fargate consumers' network", () => {
  it("runs on one cluster with Container Insights, in a VPC of two AZs with flow logs, on every stage", () => {
    for (const stage of ["dev", "prod"]) {
      const template = workersOf(stage);
      template.resourceCountIs("AWS::ECS::Cluster", 1);
      template.hasResourceProperties("AWS::ECS::Cluster", {
        ClusterName: `leadmetrics-${stage}-workers`,
        ClusterSettings: [{ Name: "containerInsights", Value: "enabled" }],
      });
      template.hasResourceProperties("AWS::EC2::FlowLog", { ResourceType: "VPC", TrafficType: "ALL" });
      expect(resourcesOf(template, "AWS::EC2::Subnet").length, stage).toBeGreaterThanOrEqual(2);
    }
  });

  it("has no NAT gateway on dev: tasks sit in public subnets with a public IP and admit nothing inbound", () => {
    const template = workersOf("dev");
    template.resourceCountIs("AWS::EC2::NatGateway", 0);
    template.resourceCountIs("AWS::EC2::EIP", 0);
    const subnets = resourcesOf(template, "AWS::EC2::Subnet");
    expect(subnets).toHaveLength(2);
    for (const [, subnet] of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(true);
    // No rule anywhere opens a port: neither inline on a group nor as a rule resource.
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    const services = networkOf(template);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.assignPublicIp).toBe("ENABLED");
      expect(service.subnets.map((s) => s.Properties.MapPublicIpOnLaunch)).toEqual([true, true]);
      for (const group of service.securityGroups) {
        expect(group.Properties.SecurityGroupIngress ?? []).toEqual([]);
      }
    }
  });

  it("keeps prod's tasks in private subnets without public IPs, leaving through a NAT gateway per AZ", () => {
    const template = workersOf("prod");
    template.resourceCountIs("AWS::EC2::NatGateway", 2);
    const services = networkOf(template);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.assignPublicIp).toBe("DISABLED");
      expect(service.subnets).toHaveLength(2);
      expect(service.subnets.map((s) => s.Properties.MapPublicIpOnLaunch)).toEqual([false, false]);
    }
  });
});

describe("the Fargate consumers' logs and metrics", () => {
  it("route each consumer's output through FireLens into its log group, marked as embedded metric format", () => {
    for (const stage of ["dev", "prod"]) {
      const template = workersOf(stage);
      const tasks = resourcesOf(template, "AWS::ECS::TaskDefinition");
      expect(tasks).toHaveLength(fixtureDeclaration.containers.length);
      for (const [, task] of tasks) {
        const name = `${stage}: ${String(task.Properties.Family)}`;
        const containers = containersOf(task);
        const router = containers.get("log-router");
        const consumer = containers.get("consumer");
        expect(router, name).toMatchObject({
          Image: LOG_ROUTER_IMAGE,
          Essential: true,
          FirelensConfiguration: { Type: "fluentbit", Options: { "enable-ecs-log-metadata": "false" } },
          LogConfiguration: { LogDriver: "awslogs" },
        });
        const logGroup = resourceAt(template, router?.LogConfiguration?.Options["awslogs-group"]);
        expect(consumer?.LogConfiguration?.LogDriver, name).toBe("awsfirelens");
        expect(consumer?.LogConfiguration?.Options, name).toEqual(
          consumerLogOptions({ Ref: logGroup.logicalId } as unknown as string, "us-east-1"),
        );
        expect(consumer?.LogConfiguration?.Options, name).toMatchObject({
          Name: "cloudwatch_logs",
          log_format: "json/emf",
          log_key: "log",
        });
        expect(consumer?.DependsOn, name).toEqual([{ ContainerName: "log-router", Condition: "START" }]);

        // Fluent Bit writes with the task role: into this log group and no other.
        const role = resourceAt(template, task.Properties.TaskRoleArn);
        const writes = policyStatementsOf(template, role.logicalId).filter((s) =>
          actionsOf(s).includes("logs:PutLogEvents"),
        );
        expect(writes.length, name).toBeGreaterThan(0);
        for (const statement of writes) {
          expect(
            resourcesOfStatement(statement).map((r) => resourceAt(template, r).logicalId),
            name,
          ).toEqual([logGroup.logicalId]);
        }
      }
    }
  });
});
