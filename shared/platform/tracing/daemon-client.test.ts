import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { DaemonClient, parseDaemonAddress } from "./daemon-client.ts";
import type { SubsegmentDocument } from "./segment-document.ts";

describe("parseDaemonAddress", () => {
  it("reads Lambda's host:port and the UDP half of the two-protocol form", () => {
    expect(parseDaemonAddress("169.254.79.129:2000")).toEqual({ host: "169.254.79.129", port: 2000 });
    expect(parseDaemonAddress("tcp:127.0.0.1:2000 udp:127.0.0.2:2001")).toEqual({
      host: "127.0.0.2",
      port: 2001,
    });
    expect(parseDaemonAddress("[::1]:2000")).toEqual({ host: "::1", port: 2000 });
  });

  it("gives no address for an absent or malformed value", () => {
    for (const value of [undefined, "", "localhost", ":2000", "host:0", "host:99999", "tcp:127.0.0.1:2000"]) {
      expect(parseDaemonAddress(value)).toBeUndefined();
    }
  });
});

const DOCUMENT: SubsegmentDocument = {
  type: "subsegment",
  name: "## handler",
  id: "0123456789abcdef",
  trace_id: "1-5759e988-bd862e3fe1be46a994272793",
  parent_id: "53995c3f42cd8ad8",
  start_time: 1_700_000_000.5,
  end_time: 1_700_000_000.75,
};

describe("DaemonClient", () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  it("sends one datagram per document: the JSON header line, then the document", async () => {
    const daemon = createSocket("udp4");
    sockets.push(daemon);
    await new Promise<void>((bound) => daemon.bind(0, "127.0.0.1", bound));
    const received = new Promise<string>((resolve) =>
      daemon.once("message", (m) => resolve(m.toString("utf8"))),
    );
    const warnings: unknown[] = [];
    const client = new DaemonClient({ host: "127.0.0.1", port: daemon.address().port }, (_, error) =>
      warnings.push(error),
    );
    client.send(DOCUMENT);
    const [header, body, ...rest] = (await received).split("\n");
    client.close();
    expect(JSON.parse(header ?? "")).toEqual({ format: "json", version: 1 });
    expect(JSON.parse(body ?? "")).toEqual(DOCUMENT);
    expect(rest).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("never throws into the caller and warns once when the daemon cannot be reached", async () => {
    const warnings: string[] = [];
    let warned!: () => void;
    const firstWarning = new Promise<void>((resolve) => {
      warned = resolve;
    });
    // A name that does not resolve: the send fails asynchronously, each time.
    const client = new DaemonClient({ host: "daemon.invalid", port: 2000 }, (message) => {
      warnings.push(message);
      warned();
    });
    expect(() => {
      client.send(DOCUMENT);
      client.send(DOCUMENT);
    }).not.toThrow();
    await firstWarning;
    client.send(DOCUMENT);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.close();
    expect(warnings).toEqual(["Could not send a trace document to the X-Ray daemon at daemon.invalid:2000"]);
  });
});
