import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ConfigError, loadConfig } from "./config.ts";

const schema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  PORT: z.coerce.number().check(z.int()),
});

describe("loadConfig", () => {
  it("returns the parsed environment", () => {
    expect(loadConfig(schema, { TABLE_NAME: "t", PORT: "8080" })).toEqual({ TABLE_NAME: "t", PORT: 8080 });
  });

  it("fails at cold start naming every missing or invalid variable", () => {
    expect(() => loadConfig(schema, { PORT: "eighty" })).toThrow(ConfigError);
    try {
      loadConfig(schema, { PORT: "eighty" });
    } catch (error) {
      expect((error as Error).message).toContain("missing environment variable TABLE_NAME");
      expect((error as Error).message).toContain("environment variable PORT is invalid");
    }
  });
});
