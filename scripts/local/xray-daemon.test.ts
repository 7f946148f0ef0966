import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import { parseTraceHeader } from "#shared/platform/tracing/trace-header";
import type { Log } from "./log.ts";
import {
  gatewayTraceHeader,
  invocationTraceHeader,
  newTraceRoot,
  SAMPLE_ALL,
  SAMPLE_NONE,
  Sampler,
  startXRayDaemon,
} from "./xray-daemon.ts";

describe("the local X-Ray daemon", () => {
  it("keeps the documents sent in the daemon protocol and drops, with a warning, what is not", async () => {
    const warnings: string[] = [];
    const log: Log = (level, message) => {
      if (level === "warn") warnings.push(message);
    };
    const daemon = await startXRayDaemon({ port: 0, log });
    const [host, port] = daemon.address.split(":");
    const document = {
      type: "subsegment",
      name: "## handler",
      id: "0123456789abcdef",
      trace_id: newTraceRoot(),
    };
    const arrived = new Promise((resolve) => daemon.onDocument(resolve));
    const client = createSocket("udp4");
    const send = (text: string) =>
      new Promise<void>((done, fail) => client.send(text, Number(port), host, (e) => (e ? fail(e) : done())));
    await send("not the daemon protocol");
    await send(`{"format":"json","version":1}\n${JSON.stringify(document)}`);
    await expect(arrived).resolves.toEqual(document);
    client.close();
    await daemon.stop();
    expect(daemon.documents()).toEqual([document]);
    expect(warnings).toEqual([
      "x-ray: dropped a datagram without the daemon header: not the daemon protocol",
    ]);
  });
});

describe("the trace headers of the local cloud", () => {
  it("gives an invocation a new trace, a function segment id and the sampling rule's decision", () => {
    const sampled = parseTraceHeader(invocationTraceHeader(true));
    const unsampled = parseTraceHeader(invocationTraceHeader(false));
    expect(sampled).toEqual({
      root: expect.any(String),
      parent: expect.stringMatching(/^[0-9a-f]{16}$/),
      sampled: true,
    });
    expect(unsampled?.sampled).toBe(false);
    expect(sampled?.root).not.toBe(unsampled?.root);
    const epoch = Number.parseInt(sampled?.root.slice(2, 10) ?? "", 16);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(5);
  });

  it("samples as X-Ray's default rule does: the first invocation of each second, then 5 % of the rest", () => {
    const sampler = new Sampler();
    const second = 1_700_000_000_000;
    const decisions = Array.from({ length: 2001 }, (_, i) => sampler.sample(second + (i % 1000) / 2));
    expect(decisions[0]).toBe(true);
    const rest = decisions.slice(1).filter(Boolean).length;
    // 5 % of 2,000 is 100: a binomial draw stays within ±50 but for odds of about one in a million.
    expect(rest).toBeGreaterThan(50);
    expect(rest).toBeLessThan(150);
    expect(sampler.sample(second + 1000)).toBe(true);
    sampler.rule = SAMPLE_NONE;
    expect(sampler.sample(second + 5000)).toBe(false);
    sampler.rule = SAMPLE_ALL;
    expect(Array.from({ length: 20 }, () => sampler.sample(second + 5000)).every(Boolean)).toBe(true);
  });

  it("passes a client's valid X-Amzn-Trace-Id on at the gateway, and adds a Root otherwise", () => {
    const client = `Root=${newTraceRoot()};Parent=0123456789abcdef;Sampled=1`;
    expect(gatewayTraceHeader(client)).toBe(client);
    for (const missing of [undefined, "Root=garbage"]) {
      expect(gatewayTraceHeader(missing)).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    }
  });
});
