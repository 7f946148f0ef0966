import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("request and job code", () => {
  it("never scans the table: every read is a key lookup or a query", () => {
    const offenders = ["functions", "shared"].flatMap((dir) =>
      sourceFiles(join(root, dir))
        .filter((file) => /\bScan(Command|Input)\b|\.scan\(|["']Scan["']/.test(readFileSync(file, "utf8")))
        .map((file) => relative(root, file)),
    );
    expect(offenders).toEqual([]);
  });

  it("finds the source it checks (so the check above cannot pass by reading nothing)", () => {
    const files = sourceFiles(join(root, "shared")).map((f) => relative(root, f));
    expect(files).toContain(join("shared", "adapters", "dynamodb", "query.ts"));
  });
});
