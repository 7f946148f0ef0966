/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the platform declaration: paths, methods,
 * who may call each route, and the JSON Schemas of body, query and path parameters from the very zod
 * schemas the handler kit validates with. `npm run docs:api` writes `docs/openapi.json`; a test fails
 * when the committed file differs from what the declaration produces.
 */
import { type $ZodType, toJSONSchema } from "zod/v4/core";
import type { PlatformDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { listRoutes, pathParamNames, successStatusesOf } from "#shared/platform/declaration/validate";

type Json = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  "400": "Invalid input (VALIDATION_ERROR, MALFORMED_JSON)",
  "401": "No or invalid credentials",
  "403": "Not allowed for this role or tenant",
  "404": "Not found",
  "409": "Conflict (stale version, already exists)",
  "413": "Body larger than the route accepts",
  "415": "Body is not JSON",
  "429": "Rate limited (see Retry-After)",
  "500": "Internal error",
  "503": "A dependency is unavailable; retry later",
};

function schemaOf(schema: $ZodType): Json {
  const { $schema: _ignored, ...rest } = toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Json;
  return rest;
}

function parameters(route: RouteDeclaration): Json[] {
  const result: Json[] = [];
  const pathSchema = route.params ? schemaOf(route.params) : undefined;
  const pathProps = (pathSchema?.properties ?? {}) as Record<string, Json>;
  for (const name of pathParamNames(route.path)) {
    result.push({ name, in: "path", required: true, schema: pathProps[name] ?? { type: "string" } });
  }
  if (route.query) {
    const query = schemaOf(route.query);
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
      result.push({ name, in: "query", required: required.has(name), schema });
    }
  }
  return result;
}

const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: "Success", 201: "Created", 202: "Accepted" };

/** The successes a route answers (`successStatusesOf`): 204 without a body, or each status with its JSON. */
function success(route: RouteDeclaration): Record<string, Json> {
  const statuses = successStatusesOf(route);
  if (statuses.includes(204)) return { "204": { description: "Success: no body" } };
  const content = { "application/json": { schema: route.response ? schemaOf(route.response) : {} } };
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: SUCCESS_DESCRIPTIONS[status] ?? "Success", content },
    ]),
  );
}

export function buildOpenApi(declaration: PlatformDeclaration): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const { route, domain, public: isPublic } of listRoutes(declaration)) {
    const path = route.path.replace(/\{([A-Za-z0-9_]+)\+\}/g, "{$1}");
    const access = route.access;
    const operation: Json = {
      operationId: `${domain.domain}.${Object.entries(domain.routes).find(([, r]) => r === route)?.[0] ?? "route"}`,
      summary: route.summary,
      tags: [domain.domain],
      "x-leadmetrics-access": isPublic ? "public" : { role: access?.role, tenant: access?.tenant },
      security: isPublic ? [] : [{ bearer: [] }],
      parameters: parameters(route),
      responses: {
        ...success(route),
        ...Object.fromEntries(
          Object.entries(ERROR_STATUSES)
            .filter(([status]) => !isPublic || !["401", "403"].includes(status))
            .map(([status, description]) => [
              status,
              {
                description,
                content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
              },
            ]),
        ),
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { "application/json": { schema: schemaOf(route.body) } },
        "x-max-body-bytes": route.maxBodyBytes ?? 65_536,
      };
    }
    paths[path] ??= {};
    (paths[path] as Record<string, Json>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: `${declaration.app} API`,
      version: "1",
      description: "Generated from the platform declaration (npm run docs:api). Do not edit by hand.",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT (ES256)" } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message", "requestId"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                requestId: { type: "string" },
                details: {
                  type: "object",
                  description: "Facts the caller may act on, e.g. each dependency's status",
                },
                fields: {
                  type: "array",
                  description:
                    "A validation failure's problems (at most 50): where each is (the client's own field path, `(root)` for the whole), and what is wrong, in words for people",
                  items: {
                    type: "object",
                    required: ["in", "path", "message"],
                    properties: {
                      in: { type: "string", enum: ["body", "query", "path", "cursor"] },
                      path: { type: "string", examples: ["input.topic", "tags.0"] },
                      message: { type: "string", examples: ["Required", "Must be at most 200 characters"] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
