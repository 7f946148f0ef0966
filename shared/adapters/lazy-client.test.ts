import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { AWS_CALL_TRACING } from "#shared/platform/tracing/aws-client-tracing";
import { lazyClient } from "./lazy-client.ts";

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
