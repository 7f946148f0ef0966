import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Every source file of the portal. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the portal's boundary", () => {
  it("takes only types from the server's code, so none of it reaches the browser bundle", () => {
    const offenders: string[] = [];
    for (const file of sources(new URL(".", import.meta.url).pathname)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(#[^"]+)"/gms)) {
        const [, typeOnly, specifier] = match;
        const serverCode = specifier?.startsWith("#shared/") && !specifier.startsWith("#shared/domain/");
        if (serverCode && !typeOnly) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
