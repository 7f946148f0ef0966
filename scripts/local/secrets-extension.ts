/**
 * The AWS Parameters and Secrets Lambda Extension, as the local Lambda runtime's sandboxes reach it:
 * `GET /secretsmanager/get?secretId=…` with the sandbox's session token in
 * `X-Aws-Parameters-Secrets-Token`, answered with the `GetSecretValue` JSON. In AWS each sandbox runs
 * its own copy, which signs its Secrets Manager calls with the function's role; here one server
 * serves every sandbox, tells the function by its session token (`principals.ts`), and calls the
 * local Secrets Manager with that function's own credentials, so the IAM parity recording sees each
 * function's `GetSecretValue` as AWS would. Each function has a cache of its own (per sandbox in
 * AWS), whose entries live for the function's TTL (`SECRETS_MANAGER_TTL`, 0 = no cache).
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { RunningServer } from "./aws-json-server.ts";
import type { Log } from "./log.ts";
import { close, createServer, listen } from "./net.ts";
import { credentialsOf, principalOfSessionToken } from "./principals.ts";

export interface SecretsExtensionOptions {
  /** @default any free port */
  port?: number;
  region: string;
  /** The local Secrets Manager's URL, at the time of a read. */
  secretsManagerUrl(): string;
  /** How long a function's cache keeps a secret (its `SECRETS_MANAGER_TTL`); 0 = not at all. */
  ttlSecondsOf(principal: string): number;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
  log: Log;
}

const TOKEN_HEADER = "x-aws-parameters-secrets-token";

interface Cached {
  body: string;
  readAt: number;
}

/** Starts the extension's endpoint; its port goes to sandboxes as `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`. */
export async function startSecretsExtension(options: SecretsExtensionOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const caches = new Map<string, Map<string, Cached>>();
  const clients = new Map<string, SecretsManagerClient>();
  const clientOf = (principal: string, endpoint: string) => {
    const key = `${principal} ${endpoint}`;
    let client = clients.get(key);
    if (client === undefined) {
      // The SDK's own retries, as an extension's client has them: a connection the server closed
      // while it was being reused (ECONNRESET) is read again, not passed on to the function as a 500.
      client = new SecretsManagerClient({
        region: options.region,
        endpoint,
        credentials: credentialsOf(principal),
      });
      clients.set(key, client);
    }
    return client;
  };

  const read = async (principal: string, secretId: string): Promise<string> => {
    const ttlMs = options.ttlSecondsOf(principal) * 1000;
    const cache = caches.get(principal) ?? new Map<string, Cached>();
    caches.set(principal, cache);
    const held = cache.get(secretId);
    if (held !== undefined && now() - held.readAt < ttlMs) return held.body;
    const output = await clientOf(principal, options.secretsManagerUrl()).send(
      new GetSecretValueCommand({ SecretId: secretId }),
    );
    const body = JSON.stringify(answerOf(output));
    if (ttlMs > 0) cache.set(secretId, { body, readAt: now() });
    return body;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const text = (status: number, body: string) =>
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
    if (request.method !== "GET" || url.pathname !== "/secretsmanager/get") {
      text(404, "not found");
      return;
    }
    const token = request.headers[TOKEN_HEADER];
    const principal = typeof token === "string" ? principalOfSessionToken(token) : undefined;
    if (principal === undefined) {
      text(401, "Unauthorized");
      return;
    }
    const secretId = url.searchParams.get("secretId");
    if (secretId === null || secretId === "") {
      text(400, "secretId is required");
      return;
    }
    try {
      const body = await read(principal, secretId);
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    } catch (error) {
      // The extension passes Secrets Manager's refusal on, with its status and its error's name.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === undefined || !(error instanceof Error)) throw error;
      text(status, `${error.name}: ${error.message}`);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log("error", "secrets extension: could not read a secret", error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const port = await listen(server, options.port ?? 0);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      for (const client of clients.values()) client.destroy();
      await close(server);
    },
  };
}

/** The `GetSecretValue` answer as the extension writes it: the API's members, dates as ISO text. */
function answerOf(output: GetSecretValueCommandOutput): Record<string, unknown> {
  return {
    ARN: output.ARN,
    CreatedDate: output.CreatedDate?.toISOString(),
    Name: output.Name,
    SecretBinary:
      output.SecretBinary === undefined ? null : Buffer.from(output.SecretBinary).toString("base64"),
    SecretString: output.SecretString,
    VersionId: output.VersionId,
    VersionStages: output.VersionStages,
    ResultMetadata: {},
  };
}
