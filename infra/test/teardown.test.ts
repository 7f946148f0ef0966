import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import type { QueueDeclaration } from "#shared/platform/declaration/types";
import { finishTeardown, type SecretStore } from "../lib/constructs/secret-teardown.handler.ts";
import { SECRET_TEARDOWN_TYPE } from "../lib/constructs/secret-teardown.ts";
import { type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

/** Every resource of a template with its deletion policy and dependencies. */
type Resource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  DependsOn?: string[];
};
const resources = (template: Template) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>);
const ofType = (template: Template, type: string) => resources(template).filter(([, r]) => r.Type === type);

const apps = new Map<string, SynthesizedApp>();
const appOf = (stage: string): SynthesizedApp => {
  const app = apps.get(stage);
  if (!app) throw new Error(`${stage} was not synthesized`);
  return app;
};
beforeAll(() => {
  for (const stage of ["dev", "prod"]) apps.set(stage, synthPlatform({ declaration: platform, stage }));
});

describe("tearing down a dev stage with cdk destroy", () => {
  it("deletes the table, queues and secrets with their stacks, and the table has no deletion protection", () => {
    const { stacks, template } = appOf("dev");
    const data = template(stacks.data);
    const stateful = [
      ...ofType(data, "AWS::DynamoDB::Table"),
      ...ofType(data, "AWS::SQS::Queue"),
      ...ofType(data, "AWS::SecretsManager::Secret"),
    ];
    // The table, each declared queue and the DLQ of each job queue, each secret.
    const queues =
      platform.queues.length +
      (platform.queues as readonly QueueDeclaration[]).filter((q) => q.maxReceiveCount).length;
    expect(stateful.length).toBe(1 + queues + platform.secrets.length);
    for (const [id, resource] of stateful) expect(resource.DeletionPolicy, id).toBe("Delete");
    const [[, table] = []] = ofType(data, "AWS::DynamoDB::Table");
    expect(table?.Properties?.DeletionProtectionEnabled).toBe(false);
    expect(stacks.data.terminationProtection).toBe(false);
  });

  it("deletes every secret outright, after CloudFormation schedules it, so the stage can be recreated at once", () => {
    const { stacks, template } = appOf("dev");
    const data = template(stacks.data);
    const teardowns = ofType(data, SECRET_TEARDOWN_TYPE);
    expect(teardowns).toHaveLength(1);
    const [[teardownId, teardown] = []] = teardowns;
    const secrets = ofType(data, "AWS::SecretsManager::Secret");
    const names = secrets.map(([, s]) => String(s.Properties?.Name)).sort();
    expect(names).toEqual(platform.secrets.map((s) => `leadmetrics/dev/${s.name}`).sort());
    expect([...((teardown?.Properties?.SecretIds ?? []) as string[])].sort()).toEqual(names);
    // Each secret depends on the teardown, so CloudFormation deletes the secrets first.
    for (const [id, secret] of secrets) expect(secret.DependsOn, id).toContain(teardownId);

    // Its function may describe and delete exactly those secrets.
    const [[, role] = []] = resources(data).filter(
      ([id, r]) => r.Type === "AWS::IAM::Role" && id.startsWith("CustomSecretTeardown"),
    );
    const statements = (
      (role?.Properties?.Policies ?? []) as {
        PolicyDocument: { Statement: { Action: string[]; Resource: unknown[] }[] };
      }[]
    ).flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret"]);
    const arns = JSON.stringify(statements[0]?.Resource);
    for (const name of names) expect(arns).toContain(`:secret:${name}-??????`);
    expect(statements[0]?.Resource).toHaveLength(names.length);
  });

  it("stages the teardown handler as CommonJS, the module CDK's custom-resource entry point requires", () => {
    const bundle = readFileSync(
      join(appOf("dev").directory, "custom-resources", "secret-teardown", "index.js"),
      "utf8",
    );
    expect(bundle).toContain("module.exports");
    expect(bundle).toContain('require("@aws-sdk/client-secrets-manager")');
  });

  it("empties the CloudFront access-log bucket and the portal's bucket before deleting them", () => {
    const { stacks, template } = appOf("dev");
    const web = template(stacks.web);
    const buckets = ofType(web, "AWS::S3::Bucket");
    expect(buckets).toHaveLength(2);
    const autoDelete = ofType(web, "Custom::S3AutoDeleteObjects").map(([, r]) => r.Properties?.BucketName);
    expect(autoDelete).toHaveLength(2);
    for (const [bucketId, bucket] of buckets) {
      expect(bucket.DeletionPolicy, bucketId).toBe("Delete");
      expect(autoDelete, bucketId).toContainEqual({ Ref: bucketId });
    }
  });
});

describe("prod", () => {
  it("retains the table, secrets and log bucket, protects table and Data stack, and deletes nothing outright", () => {
    const { stacks, template } = appOf("prod");
    const data = template(stacks.data);
    const web = template(stacks.web);
    expect(ofType(data, SECRET_TEARDOWN_TYPE)).toEqual([]);
    expect(ofType(web, "Custom::S3AutoDeleteObjects")).toEqual([]);
    for (const [id, resource] of [
      ...ofType(data, "AWS::DynamoDB::Table"),
      ...ofType(data, "AWS::SecretsManager::Secret"),
      ...ofType(web, "AWS::S3::Bucket"),
    ]) {
      expect(resource.DeletionPolicy, id).toBe("Retain");
    }
    const [[, table] = []] = ofType(data, "AWS::DynamoDB::Table");
    expect(table?.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(stacks.data.terminationProtection).toBe(true);
  });
});

describe("the secret teardown handler", () => {
  /** A store of secrets by id: scheduled for deletion or live; records what it force-deletes. */
  const storeOf = (secrets: Record<string, "scheduled" | "live">) => {
    const forceDeleted: string[] = [];
    const store: SecretStore = {
      scheduledForDeletion: async (id) => (id in secrets ? secrets[id] === "scheduled" : undefined),
      forceDelete: async (id) => {
        forceDeleted.push(id);
      },
    };
    return { store, forceDeleted };
  };
  const log = () => undefined;

  it("on Delete, deletes outright the secrets CloudFormation scheduled, and leaves live and absent ones", async () => {
    const { store, forceDeleted } = storeOf({ a: "scheduled", b: "live", c: "scheduled" });
    await finishTeardown(
      store,
      { RequestType: "Delete", ResourceProperties: { SecretIds: ["a", "b", "c", "d"] } },
      log,
    );
    expect(forceDeleted).toEqual(["a", "c"]);
  });

  it.each(["Create", "Update"] as const)("does nothing on %s", async (RequestType) => {
    const { store, forceDeleted } = storeOf({ a: "scheduled" });
    await finishTeardown(store, { RequestType, ResourceProperties: { SecretIds: ["a"] } }, log);
    expect(forceDeleted).toEqual([]);
  });

  it("fails, naming what it got, when the secret ids are not a list of names", async () => {
    const { store } = storeOf({});
    await expect(
      finishTeardown(store, { RequestType: "Delete", ResourceProperties: { SecretIds: "a" } }, log),
    ).rejects.toThrow(/SecretIds must be a list of secret names, got "a"/);
  });
});
