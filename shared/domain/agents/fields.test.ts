import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { lazySchema } from "./fields.ts";

describe("lazySchema", () => {
  it("builds the schema on its first use, not before, and only once", () => {
    let built = 0;
    const schema = lazySchema(() => {
      built++;
      return z.string();
    });
    expect(built).toBe(0);
    const first = schema();
    expect(schema()).toBe(first);
    expect(built).toBe(1);
  });
});
