import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATED_FILES, generatedText } from "./generated.ts";

const root = join(import.meta.dirname, "..", "..");
for (const file of GENERATED_FILES) {
  writeFileSync(join(root, file.path), generatedText(file));
  console.log(`wrote ${file.path}`);
}
