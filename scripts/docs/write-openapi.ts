import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { platform } from "#shared/contracts/platform";
import { buildOpenApi } from "./openapi.ts";

const target = join(import.meta.dirname, "..", "..", "docs", "openapi.json");
writeFileSync(target, `${JSON.stringify(buildOpenApi(platform), null, 2)}\n`);
console.log(`wrote ${target}`);
