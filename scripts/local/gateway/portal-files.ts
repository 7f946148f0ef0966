import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { extname, relative, resolve, sep } from "node:path";
import { portalCacheControl, portalUri } from "#shared/platform/declaration/edge";
import type { Log } from "../log.ts";

/** Content types of what a Vite build holds, as S3 stores them from the BucketDeployment's upload. */
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

/** The content type S3 would store for `key`. */
export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[extname(key).toLowerCase()] ?? "application/octet-stream";
}

/** A file that is not there is a 404; any other failure to read it is logged, and a 404 too. */
function missing(error: unknown, key: string, log: Log): undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== "ENOENT" && code !== "ENOTDIR") log("warn", `edge: could not stat the portal's ${key}`, error);
  return undefined;
}

function answer(
  outgoing: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  text: string,
  head: boolean,
): void {
  outgoing.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  outgoing.end(head ? undefined : text);
}

/**
 * The portal's default behaviour as the Web stack builds it: the SPA fallback (`portalUri`, the
 * CloudFront Function's rule), then the build's file from `directory` as the private bucket answers
 * it through origin access control — its content type and `Cache-Control` as the deployment stored
 * them, 404 for a missing file (the distribution may list the bucket), 403 for a method the
 * behaviour does not allow. `headers` (the security headers) go on every answer.
 */
export async function servePortalFile(
  directory: string,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  headers: OutgoingHttpHeaders,
  log: Log,
): Promise<void> {
  const head = incoming.method === "HEAD";
  if (incoming.method !== "GET" && !head) {
    answer(outgoing, 403, headers, "403 Forbidden: the portal takes GET and HEAD only", head);
    return;
  }
  const path = new URL(incoming.url ?? "/", "http://edge").pathname;
  let uri: string;
  try {
    uri = decodeURIComponent(portalUri(path));
  } catch {
    answer(outgoing, 400, headers, "400 Bad Request: malformed path", head);
    return;
  }
  const root = resolve(directory);
  const file = resolve(root, `.${uri}`);
  const key = relative(root, file).split(sep).join("/");
  // A path that climbs out of the build (`/../x`) names no object in the bucket.
  const inside = file.startsWith(`${root}${sep}`) && !key.startsWith("..");
  const info = inside ? await stat(file).catch((error: unknown) => missing(error, key, log)) : undefined;
  if (info === undefined || !info.isFile()) {
    answer(outgoing, 404, headers, "404 Not Found", head);
    return;
  }
  outgoing.writeHead(200, {
    ...headers,
    "content-type": contentTypeOf(key),
    "content-length": info.size,
    "cache-control": portalCacheControl(key),
    "last-modified": info.mtime.toUTCString(),
  });
  if (head) {
    outgoing.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on("error", (error) => {
    log("warn", `edge: could not read the portal's ${key}`, error);
    outgoing.destroy(error);
  });
  stream.pipe(outgoing);
}
