import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { modelApiKeysFromSecret } from "./model-api-keys.ts";
import { type ProviderServer, startProviderServer } from "./testing/provider-server.ts";

const SECRET_ID = "leadmetrics/test/model-api-keys";
/** Secrets Manager's answer to GetSecretValue (awsJson1_1). */
const secretValue = (secretString: string) => ({
  status: 200,
  headers: { "content-type": "application/x-amz-json-1.1" },
  body: JSON.stringify({
    ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${SECRET_ID}-AbCdEf`,
    Name: SECRET_ID,
    SecretString: secretString,
    VersionId: "v1",
    VersionStages: ["AWSCURRENT"],
    CreatedDate: 1.7e9,
  }),
});

let server: ProviderServer;
let client: SecretsManagerClient;
beforeEach(async () => {
  server = await startProviderServer();
  client = new SecretsManagerClient({
    region: "eu-west-1",
    endpoint: server.url,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" },
    maxAttempts: 1,
  });
});
afterEach(async () => {
  client.destroy();
  await server.close();
});

describe("modelApiKeysFromSecret", () => {
  it("reads the secret on first use only, then answers every field from it", async () => {
    server.reply(secretValue(JSON.stringify({ anthropic: "sk-ant-1", openai: "sk-2" })));
    const keys = modelApiKeysFromSecret(sdkSecretReader(client), SECRET_ID);
    expect(server.requests).toHaveLength(0);

    expect(await keys("anthropic")).toBe("sk-ant-1");
    expect(await keys("openai")).toBe("sk-2");
    expect(await keys("mistral")).toBeUndefined();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["x-amz-target"]).toBe("secretsmanager.GetSecretValue");
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ SecretId: SECRET_ID });
  });

  it("does not keep a failed read, and never quotes the secret in its error", async () => {
    server.reply(secretValue("sk-ant-plain-text"), secretValue(JSON.stringify({ anthropic: "sk-ant-1" })));
    const keys = modelApiKeysFromSecret(sdkSecretReader(client), SECRET_ID);

    const error = await keys("anthropic").catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Secret ${SECRET_ID} is not JSON`);
    expect(String((error as Error).message)).not.toContain("sk-ant-plain-text");

    expect(await keys("anthropic")).toBe("sk-ant-1");
    expect(server.requests).toHaveLength(2);
  });

  it("refuses a secret that is not an object of strings", async () => {
    server.reply(secretValue(JSON.stringify({ anthropic: 42 })));
    await expect(modelApiKeysFromSecret(sdkSecretReader(client), SECRET_ID)("anthropic")).rejects.toThrow(
      `Secret ${SECRET_ID} is not a JSON object of field → API key`,
    );
  });
});
