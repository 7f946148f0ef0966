/**
 * Who calls a local service. In AWS a function's calls are signed with its role's credentials and IAM
 * authorizes each by that role; locally every function (and container task) gets an access key id of
 * its own, derived from its principal id (`api-health`, `consumer-agent-blog-writer`, …), so a service
 * tells the caller from the SigV4 `Authorization` header, `Credential=<access key id>/…`, as IAM does.
 * Anything else (a test, an ops command, the local cloud itself) signs with the key `local` and is no
 * principal of the platform.
 *
 * DynamoDB Local takes only letters and digits in an access key id, so the id is hex-encoded.
 */

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "LMROLE";
const CREDENTIAL = /\bCredential=([A-Za-z0-9]+)\//;

/** The access key id of a principal (`api-health` → `LMROLE6170692D…`). */
export function accessKeyOf(principal: string): string {
  return `${PREFIX}${Buffer.from(principal, "utf8").toString("hex").toUpperCase()}`;
}

/** SDK credentials that sign as a principal. The secret is never checked locally. */
export function credentialsOf(principal: string): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: accessKeyOf(principal), secretAccessKey: "local" };
}

/**
 * The environment variables that make a process's SDK clients sign as a principal, with its session
 * token (which Lambda's secrets extension takes as proof that a request comes from the sandbox).
 */
export function credentialsEnvironment(principal: string): Record<string, string> {
  const credentials = credentialsOf(principal);
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: sessionTokenOf(principal),
  };
}

/** The principal that signed a request, from its access key id; `undefined` for anyone else. */
export function principalOfAccessKey(accessKeyId: string | undefined): string | undefined {
  if (accessKeyId === undefined || !accessKeyId.startsWith(PREFIX)) return undefined;
  const hex = accessKeyId.slice(PREFIX.length);
  return /^(?:[0-9A-F]{2})+$/.test(hex) ? Buffer.from(hex, "hex").toString("utf8") : undefined;
}

/** The access key id in a SigV4 `Authorization` header, if it has one. */
export function accessKeyIn(authorization: string | string[] | undefined): string | undefined {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  return header === undefined ? undefined : CREDENTIAL.exec(header)?.[1];
}

/** Signs session tokens: a token is good only with the local cloud that handed it out. */
const SESSION_KEY = randomBytes(32);

/**
 * A principal's session token (`AWS_SESSION_TOKEN` in its sandbox), which the local secrets extension
 * checks as Lambda's checks the `X-Aws-Parameters-Secrets-Token` header: the principal's access key id
 * and a MAC over it, so a token names its principal and cannot be made up.
 */
export function sessionTokenOf(principal: string): string {
  const accessKey = accessKeyOf(principal);
  return `${accessKey}.${createHmac("sha256", SESSION_KEY).update(accessKey).digest("base64url")}`;
}

/** The principal a session token of this local cloud names; `undefined` for any other text. */
export function principalOfSessionToken(token: string): string | undefined {
  const [accessKey, mac, extra] = token.split(".");
  if (accessKey === undefined || mac === undefined || extra !== undefined) return undefined;
  const expected = Buffer.from(sessionTokenOf(principalOfAccessKey(accessKey) ?? "").split(".")[1] ?? "");
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return principalOfAccessKey(accessKey);
}
