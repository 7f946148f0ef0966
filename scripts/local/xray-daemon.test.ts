import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import { parseTraceHeader } from "#shared/platform/tracing/trace-header";
import type { Log } from "./log.ts";
import { gatewayTraceHeader, invocationTraceHeader, newTraceRoot, startXRayDaemon } from "./xray-daemon.ts";

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
    const sampled = parseTraceHeader(invocationTraceHeader(1));
    const unsampled = parseTraceHeader(invocationTraceHeader(0));
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

  it("passes a client's valid X-Amzn-Trace-Id on at the gateway, and adds a Root otherwise", () => {
    const client = `Root=${newTraceRoot()};Parent=0123456789abcdef;Sampled=1`;
    expect(gatewayTraceHeader(client)).toBe(client);
    for (const missing of [undefined, "Root=garbage"]) {
      expect(gatewayTraceHeader(missing)).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    }
  });
});
