import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { consumerLogOptions, LOG_ROUTER_IMAGE } from "../lib/constructs/container-consumers.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { containersOf } from "./support/container-definitions.ts";
import { resourcesOf, synthPlatform } from "./support/synth-platform.ts";
import {
  actionsOf,
  policyStatementsOf,
  referenceTo,
  resourceAt,
  resourcesOfStatement,
} from "./support/template-references.ts";

/**
 * The Workers and Data (which holds the VPC) templates of the fixture declaration: dev and prod as
 * cdk.json configures them, and a stage without NAT gateways (`nat0`: dev with `natGateways: 0`).
 */
const templates = new Map<string, { workers: Template; data: Template }>();
beforeAll(() => {
  const stages: Record<string, [string, Record<string, unknown>]> = {
    dev: ["dev", {}],
    prod: ["prod", {}],
    nat0: ["dev", { natGateways: 0 }],
  };
  for (const [key, [stage, settings]] of Object.entries(stages)) {
    const app = synthPlatform({ declaration: fixtureDeclaration, stage, settings });
    if (!app.stacks.workers) throw new Error("the fixture declares consumers");
    templates.set(key, { workers: app.template(app.stacks.workers), data: app.template(app.stacks.data) });
  }
});
const templatesOf = (key: string) => {
  const found = templates.get(key);
  if (!found) throw new Error(`no templates for ${key}`);
  return found;
};
const workersOf = (key: string): Template => templatesOf(key).workers;

/** Each service's subnets (in the Data stack's VPC), public-IP setting and security groups. */
function networkOf(key: string) {
  const { workers: template, data } = templatesOf(key);
  const inData = (value: unknown) => {
    const ref = referenceTo(value, data);
    if (!ref) throw new Error(`${JSON.stringify(value)} is no reference to the Data stack`);
    return resourceAt(data, { Ref: ref.logicalId });
  };
  return resourcesOf(template, "AWS::ECS::Service").map(([, service]) => {
    const config = (
      service.Properties.NetworkConfiguration as {
        AwsvpcConfiguration: { Subnets: unknown[]; AssignPublicIp: string; SecurityGroups: unknown[] };
      }
    ).AwsvpcConfiguration;
    return {
      subnets: config.Subnets.map(inData),
      assignPublicIp: config.AssignPublicIp,
      securityGroups: config.SecurityGroups.map((group) => resourceAt(template, group)),
    };
  });
}

describe("the Fargate consumers' network", () => {
  it("runs on one cluster with Container Insights, in the Data stack's VPC of two AZs with flow logs", () => {
    for (const stage of ["dev", "prod"]) {
      const { workers: template, data } = templatesOf(stage);
      template.resourceCountIs("AWS::ECS::Cluster", 1);
      template.hasResourceProperties("AWS::ECS::Cluster", {
        ClusterName: `leadmetrics-${stage}-workers`,
        ClusterSettings: [{ Name: "containerInsights", Value: "enabled" }],
      });
      template.resourceCountIs("AWS::EC2::VPC", 0);
      data.resourceCountIs("AWS::EC2::VPC", 1);
      data.hasResourceProperties("AWS::EC2::FlowLog", { ResourceType: "VPC", TrafficType: "ALL" });
      expect(resourcesOf(data, "AWS::EC2::Subnet").length, stage).toBeGreaterThanOrEqual(2);
    }
  });

  it("has no NAT gateway on a stage without: tasks sit in public subnets with a public IP and admit nothing inbound", () => {
    const { workers: template, data } = templatesOf("nat0");
    data.resourceCountIs("AWS::EC2::NatGateway", 0);
    data.resourceCountIs("AWS::EC2::EIP", 0);
    const subnets = resourcesOf(data, "AWS::EC2::Subnet");
    expect(subnets).toHaveLength(2);
    for (const [, subnet] of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(true);
    // No rule anywhere opens a port: neither inline on a group nor as a rule resource.
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    data.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    const services = networkOf("nat0");
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
    templatesOf("prod").data.resourceCountIs("AWS::EC2::NatGateway", 2);
    const services = networkOf("prod");
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
