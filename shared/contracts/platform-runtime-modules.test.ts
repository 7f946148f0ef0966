import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { declaredFunctions } from "#shared/platform/declaration/functions";
import type { FunctionDeclaration } from "#shared/platform/declaration/types";
import { platform } from "./platform.ts";

const root = join(import.meta.dirname, "..", "..");
const functions: FunctionDeclaration[] = declaredFunctions(platform).map((f) => f.declaration);

/** Every way the function's own code (not its dependencies) reaches each runtime-provided module. */
async function importKinds(fn: FunctionDeclaration): Promise<Map<string, Set<string>>> {
  const modules = fn.runtimeProvidedModules ?? [];
  const result = await build({
    entryPoints: [join(root, fn.entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    outdir: join(root, ".bench", "metafile"),
    external: [...modules],
    logLevel: "silent",
  });
  const kinds = new Map<string, Set<string>>(modules.map((m) => [m, new Set()]));
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      kinds.get(imported.path)?.add(imported.kind);
    }
  }
  return kinds;
}

describe("modules a function leaves to the Lambda runtime", () => {
  it.each(functions.filter((fn) => (fn.runtimeProvidedModules ?? []).length > 0).map((fn) => [fn.entry, fn]))(
    "%s loads each of them only through a dynamic import",
    async (_entry, fn) => {
      for (const [module, kinds] of await importKinds(fn)) {
        expect([...kinds], module).toEqual(["dynamic-import"]);
      }
    },
  );

  it("are declared by some function (so the check above is not vacuous)", () => {
    expect(functions.some((fn) => (fn.runtimeProvidedModules ?? []).length > 0)).toBe(true);
  });
});
