/**
 * The portal's initial JavaScript, as a browser downloads it before the first page can render: the
 * entry script and every module it preloads, gzipped. Printed after each build; over the budget the
 * command fails, so a heavy import on the sign-in path is noticed at build time.
 * See docs/benchmarks.md ("Portal bundle").
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

/** Initial JavaScript, gzipped (issue budget: 200 KB). */
export const INITIAL_JS_BUDGET_BYTES = 200 * 1024;

export interface BundleReport {
  initial: { file: string; gzipBytes: number }[];
  initialGzipBytes: number;
  lazy: { file: string; gzipBytes: number }[];
}

/** Measures a build directory (`web/dist`). */
export async function measureBundle(dist: string): Promise<BundleReport> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] as string,
  );
  const initialFiles = new Set(referenced);
  const assets = (await readdir(join(dist, "assets"))).filter((file) => file.endsWith(".js"));
  const sizeOf = async (file: string) => gzipSync(await readFile(join(dist, file)), { level: 9 }).length;
  const initial = await Promise.all(
    [...initialFiles].map(async (file) => ({ file, gzipBytes: await sizeOf(file) })),
  );
  const lazy = await Promise.all(
    assets
      .map((file) => `assets/${file}`)
      .filter((file) => !initialFiles.has(file))
      .map(async (file) => ({ file, gzipBytes: await sizeOf(file) })),
  );
  return {
    initial,
    initialGzipBytes: initial.reduce((sum, entry) => sum + entry.gzipBytes, 0),
    lazy: lazy.sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = resolve(process.argv[2] ?? "web/dist");
  const report = await measureBundle(dist);
  console.log("Portal JavaScript (gzip -9):");
  for (const entry of report.initial)
    console.log(`  initial  ${entry.file.padEnd(44)} ${kb(entry.gzipBytes)}`);
  for (const entry of report.lazy) console.log(`  on demand ${entry.file.padEnd(43)} ${kb(entry.gzipBytes)}`);
  const verdict = report.initialGzipBytes <= INITIAL_JS_BUDGET_BYTES ? "within" : "OVER";
  console.log(
    `Initial JavaScript: ${kb(report.initialGzipBytes)} — ${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} budget`,
  );
  if (verdict === "OVER") process.exitCode = 1;
}
