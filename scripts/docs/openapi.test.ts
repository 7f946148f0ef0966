import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { listRoutes } from "#shared/platform/declaration/validate";
import { buildOpenApi } from "./openapi.ts";

describe("docs/openapi.json", () => {
  it("is what the declaration produces (run `npm run docs:api` after changing a route)", () => {
    const committed = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "..", "docs", "openapi.json"), "utf8"),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi(platform))));
  });

  it("documents every declared route, each public one without security", () => {
    const doc = buildOpenApi(platform) as { paths: Record<string, Record<string, { security: unknown[] }>> };
    for (const { route, public: isPublic } of listRoutes(platform)) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, route.path).toBeDefined();
      expect(operation?.security).toEqual(isPublic ? [] : [{ bearer: [] }]);
    }
  });
});
