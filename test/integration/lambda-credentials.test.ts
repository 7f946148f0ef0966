/**
 * A Lambda bundle takes its credentials from the environment the Lambda runtime sets, and from nothing
 * else (`shared/adapters/lambda-credentials.ts` in place of the SDK's default chain); a container's
 * bundle keeps the whole chain. Both bundles of one probe are built as they deploy
 * (`infra/lib/constructs/bundling.ts`) and run against a DynamoDB Local.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BundleHost, esbuildOptionsFor } from "#infra/lib/constructs/bundling";
import type { RunningDynamoDb } from "#scripts/local/dynamodb";
import { DYNAMODB_POOL_ENV, leaseDynamoDbJava } from "#scripts/local/dynamodb-lease";

const run = promisify(execFile);
const PROBE = join(import.meta.dirname, "fixtures", "credentials-probe.handler.ts");

let dir: string;
let dynamodb: RunningDynamoDb;
const bundles = {} as Record<BundleHost, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lambda-credentials-"));
  for (const host of ["lambda", "container"] as const) {
    const options = esbuildOptionsFor(PROBE, join(dir, host), [], host);
    await build({ ...options, logLevel: "error" });
    bundles[host] = options.outfile as string;
  }
  const pool = process.env[DYNAMODB_POOL_ENV];
  if (!pool) throw new Error(`${DYNAMODB_POOL_ENV} is not set: the integration run's pool is missing`);
  dynamodb = await leaseDynamoDbJava(pool);
});

afterAll(async () => {
  await dynamodb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a bundle with only the variables given (and a home of its own), answering what it printed. */
async function probe(host: BundleHost, env: Record<string, string>): Promise<unknown> {
  const { stdout } = await run(process.execPath, [bundles[host]], {
    env: {
      PATH: process.env.PATH ?? "",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // No instance metadata here: the whole chain would wait for it before giving up.
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}

/** A home whose shared credentials file holds a default profile (DynamoDB Local takes letters and digits as a key id). */
function homeWithProfile(): string {
  const home = join(dir, "home");
  mkdirSync(join(home, ".aws"), { recursive: true });
  writeFileSync(
    join(home, ".aws", "credentials"),
    "[default]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = secret\n",
  );
  return home;
}

describe("a Lambda bundle's credentials", () => {
  it("are the function's environment variables, as the Lambda runtime sets them", async () => {
    const answer = await probe("lambda", {
      HOME: join(dir, "empty-home"),
      AWS_ACCESS_KEY_ID: "ASIAFUNCTION",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_SESSION_TOKEN: "session",
    });
    expect(answer).toEqual({ tables: [] });
  });

  it("are nothing else: a shared profile is not read, and the call fails with the SDK's credentials error", async () => {
    const home = homeWithProfile();
    expect(await probe("lambda", { HOME: home })).toEqual({
      error: { name: "CredentialsProviderError", message: expect.stringMatching(/environment variable/i) },
    });
    // The same probe bundled for a container finds the profile through the SDK's whole chain.
    expect(await probe("container", { HOME: home })).toEqual({ tables: [] });
  });
});
