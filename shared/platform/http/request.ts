import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { type $ZodType, safeParse } from "zod/v4/core";
import { type FieldProblem, ValidationError } from "#shared/domain/errors";
import { pathOf, schemaProblems } from "#shared/domain/schema-problems";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors.ts";

/** Default largest request body a route accepts. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface ParsedInput {
  body: unknown;
  query: unknown;
  params: unknown;
}

/**
 * Validates one request against its route declaration: body size, content type, JSON syntax, then
 * the zod schemas of body, query and path. Every schema problem is reported at once, each by the path
 * of the client's own field and in plain words (`schemaProblems`). A route that
 * declares no query schema takes no query parameters, and one that declares no body takes none:
 * what a route does not read is refused, never silently dropped.
 */
export function parseInput(route: RouteDeclaration, event: APIGatewayProxyEventV2): ParsedInput {
  const problems: FieldProblem[] = [];
  const params = validate("path", route.params, event.pathParameters ?? {}, problems);
  const rawQuery = event.queryStringParameters ?? {};
  const query = route.query
    ? validate("query", route.query, rawQuery, problems)
    : refuseAll("query", Object.keys(rawQuery), problems);
  let body: unknown;
  if (route.body) {
    const raw = readBody(route, event);
    body = validate("body", route.body, raw, problems);
  } else if (hasBody(event)) {
    problems.push({ in: "body", path: "(root)", message: "This route takes no request body" });
  }
  if (problems.length > 0) throw new ValidationError("The request is invalid", problems);
  return { body, query, params };
}

function hasBody(event: APIGatewayProxyEventV2): boolean {
  return event.body !== undefined && event.body !== "";
}

function refuseAll(where: FieldProblem["in"], keys: readonly string[], problems: FieldProblem[]): undefined {
  for (const key of keys) problems.push({ in: where, path: pathOf([key]), message: "Unknown field" });
  return undefined;
}

function readBody(route: RouteDeclaration, event: APIGatewayProxyEventV2): unknown {
  const text = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
  const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (bytes.byteLength > limit) {
    throw new PayloadTooLargeError(`The request body is larger than ${limit} bytes`);
  }
  if (bytes.byteLength === 0) return undefined;
  // `application/json`, with parameters (`; charset=utf-8`) — not every `+json` type: a JSON Patch or
  // JSON-LD document is not what the route's schema describes.
  const contentType = event.headers["content-type"] ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new UnsupportedMediaTypeError("The request body must be JSON (content-type: application/json)");
  }
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (cause) {
    throw new MalformedJsonError("The request body is not valid JSON", { cause });
  }
}

function validate(
  where: FieldProblem["in"],
  schema: $ZodType | undefined,
  value: unknown,
  problems: FieldProblem[],
): unknown {
  if (!schema) return undefined;
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  problems.push(...schemaProblems(where, result.error.issues, value));
  return undefined;
}
