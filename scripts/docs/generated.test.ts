import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_FILES, generatedText } from "./generated.ts";

const root = join(import.meta.dirname, "..", "..");

describe("files generated from the declaration", () => {
  it.each(GENERATED_FILES.map((file) => [file.path, file]))(
    "%s is what the declaration produces (run `npm run docs:api` after changing a route or an agent)",
    (path, file) => {
      expect(readFileSync(join(root, path), "utf8")).toBe(generatedText(file));
    },
  );
});
