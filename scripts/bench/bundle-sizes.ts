/**
 * `npm run bench:sizes`: builds every declared function exactly as it deploys
 * (`infra/lib/constructs/bundling.ts`, in memory, all at once) and prints each bundle's size against
 * the budget recorded in `bundle-sizes.json`; `npm run bench:sizes -- --write` records the sizes of
 * now as the budget. A test (`infra/test/bundle-sizes.test.ts`) fails when a bundle outgrows its
 * budget by more than `BUNDLE_SIZE_MARGIN`, so growth is a decision, recorded in a commit.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { esbuildOptionsFor } from "#infra/lib/constructs/bundling";
import { platform } from "#shared/contracts/platform";
import { type DeclaredFunction, declaredFunctions } from "#shared/platform/declaration/functions";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Where the budget is recorded: function id → KiB of its `index.mjs` (source map excluded). */
export const BUNDLE_SIZES_FILE = join(ROOT, "scripts", "bench", "bundle-sizes.json");
/** How much a bundle may outgrow its recorded size before the test fails: 2 %. */
export const BUNDLE_SIZE_MARGIN = 0.02;
/** What to run to record the sizes of now. */
export const RECORD_COMMAND = "npm run bench:sizes -- --write";

/**
 * Each declared function's deployed bundle size in KiB (one decimal). Functions that declare the same
 * `runtimeProvidedModules` are built in one esbuild run (one entry point each, so each bundle is
 * still whole), which parses the shared code once: the whole platform takes a few seconds.
 */
export async function measureBundleSizes(
  declaration: PlatformDeclaration = platform,
): Promise<Record<string, number>> {
  const groups = new Map<string, DeclaredFunction[]>();
  for (const f of declaredFunctions(declaration)) {
    const key = JSON.stringify(f.declaration.runtimeProvidedModules ?? []);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const sized = await Promise.all(
    [...groups.values()].map(async (functions) => {
      const first = functions[0];
      if (!first) return [];
      const outdir = join(ROOT, ".bench", "sizes");
      const { outfile: _single, ...options } = esbuildOptionsFor(
        join(ROOT, first.declaration.entry),
        outdir,
        [...(first.declaration.runtimeProvidedModules ?? [])],
      );
      const result = await build({
        ...options,
        entryPoints: Object.fromEntries(functions.map((f) => [f.id, join(ROOT, f.declaration.entry)])),
        outdir,
        outExtension: { ".js": ".mjs" },
        write: false,
        logLevel: "error",
      });
      return functions.map((f) => {
        const bundle = result.outputFiles.find((file) => file.path === join(outdir, `${f.id}.mjs`));
        if (!bundle) throw new Error(`esbuild wrote no bundle for ${f.id}`);
        return [f.id, Math.round((bundle.contents.byteLength / 1024) * 10) / 10] as const;
      });
    }),
  );
  return Object.fromEntries(sized.flat());
}

/** The recorded budget (function id → KiB). */
export function readBundleBudget(): Record<string, number> {
  return JSON.parse(readFileSync(BUNDLE_SIZES_FILE, "utf8")) as Record<string, number>;
}

/** What is wrong with `sizes` against `budget`: one sentence per function, naming it. */
export function bundleSizeProblems(sizes: Record<string, number>, budget: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [id, size] of Object.entries(sizes)) {
    const allowed = budget[id];
    if (allowed === undefined) problems.push(`${id} (${size} KiB) has no recorded size`);
    else if (size > allowed * (1 + BUNDLE_SIZE_MARGIN)) {
      const growth = ((size / allowed - 1) * 100).toFixed(1);
      problems.push(`${id} is ${size} KiB, ${growth} % over its recorded ${allowed} KiB`);
    }
  }
  for (const id of Object.keys(budget)) {
    if (!(id in sizes)) problems.push(`${id} has a recorded size but is no longer declared`);
  }
  return problems;
}

async function main(): Promise<void> {
  const sizes = await measureBundleSizes();
  if (process.argv.includes("--write")) {
    writeFileSync(BUNDLE_SIZES_FILE, `${JSON.stringify(sizes, null, 2)}\n`);
    console.log(`Recorded ${Object.keys(sizes).length} bundle sizes in ${BUNDLE_SIZES_FILE}`);
    return;
  }
  const budget = readBundleBudget();
  console.log("| function | size | recorded | change |\n|---|---:|---:|---:|");
  for (const [id, size] of Object.entries(sizes)) {
    const recorded = budget[id];
    const change = recorded === undefined ? "new" : `${((size / recorded - 1) * 100).toFixed(1)} %`;
    console.log(`| ${id} | ${size} KiB | ${recorded ?? "–"} KiB | ${change} |`);
  }
  const problems = bundleSizeProblems(sizes, budget);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`If the growth is intended, record the sizes of now: ${RECORD_COMMAND}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
