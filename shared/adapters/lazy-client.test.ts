import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { AWS_CALL_TRACING } from "#shared/platform/tracing/aws-client-tracing";
import { lazyClient, onFirstUse } from "./lazy-client.ts";

const traced = (client: SQSClient) =>
  client.middlewareStack.identify().some((entry) => entry.startsWith(`${AWS_CALL_TRACING} `));

describe("lazyClient", () => {
  it("makes no client until the first call, then the same traced client on every call", () => {
    let made = 0;
    const client = lazyClient(() => {
      made += 1;
      return new SQSClient({ region: "us-east-1" });
    });
    expect(made).toBe(0);
    const first = client();
    expect(client()).toBe(first);
    expect(made).toBe(1);
    expect(traced(first)).toBe(true);
  });

  it("hands out a client given as is, traced", () => {
    const given = new SQSClient({ region: "us-east-1" });
    const client = lazyClient(given);
    expect(client()).toBe(given);
    expect(traced(given)).toBe(true);
  });
});

describe("onFirstUse", () => {
  it("loads on the first call, not before, and then answers every call from that one load", async () => {
    let loads = 0;
    const value = onFirstUse(async () => ++loads);
    expect(loads).toBe(0);
    expect(await Promise.all([value(), value()])).toEqual([1, 1]);
    expect(await value()).toBe(1);
    expect(loads).toBe(1);
  });

  it("does not hold a failed load: the next call loads again", async () => {
    let loads = 0;
    const value = onFirstUse(async () => {
      loads += 1;
      if (loads === 1) throw new Error("Secrets Manager is down");
      return "key";
    });
    await expect(value()).rejects.toThrow("Secrets Manager is down");
    expect(await value()).toBe("key");
    expect(loads).toBe(2);
  });
});
