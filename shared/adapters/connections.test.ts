import { type ApiGatewayManagementApiClient, GoneException } from "@aws-sdk/client-apigatewaymanagementapi";
import { describe, expect, it } from "vitest";
import { createConnectionPoster } from "./connections.ts";

/** A client whose `send` answers as API Gateway would; the adapter's logic is what is under test. */
const clientAnswering = (answer: () => Promise<unknown>) =>
  ({ send: answer }) as unknown as ApiGatewayManagementApiClient;

describe("the @connections poster", () => {
  it("reports a sent message", async () => {
    expect(await createConnectionPoster(clientAnswering(async () => ({}))).post("c1", "hi")).toBe("sent");
  });

  it("reports GoneException as gone, distinctly", async () => {
    const gone = new GoneException({ message: "gone", $metadata: { httpStatusCode: 410 } });
    expect(await createConnectionPoster(clientAnswering(() => Promise.reject(gone))).post("c1", "hi")).toBe(
      "gone",
    );
  });

  it("reports a bare 410 as gone too (an endpoint that names no error type)", async () => {
    const error = Object.assign(new Error("UnknownError"), { $metadata: { httpStatusCode: 410 } });
    expect(await createConnectionPoster(clientAnswering(() => Promise.reject(error))).post("c1", "hi")).toBe(
      "gone",
    );
  });

  it("throws every other failure", async () => {
    const error = Object.assign(new Error("Throttled"), { $metadata: { httpStatusCode: 429 } });
    await expect(
      createConnectionPoster(clientAnswering(() => Promise.reject(error))).post("c1", "hi"),
    ).rejects.toBe(error);
  });
});
