import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Log } from "./log.ts";

/** What the portal's build is made from, relative to `web/`. */
const SOURCES = ["src", "index.html", "vite.config.ts", "public"];

/** The newest modification time under `path` (a file or a directory), 0 when it is not there. */
async function newest(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const times = await Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => (await stat(join(e.parentPath, e.name))).mtimeMs),
  );
  return Math.max(0, ...times);
}

/** `npm run build` (Vite) in `root`, its output on this terminal; a failed build rejects. */
function runBuild(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`npm run build failed (${signal ?? `exit code ${code}`}); see its output above`)),
    );
  });
}

/**
 * Makes sure the portal's build in `web/dist` exists and is not older than its sources, building it
 * (`npm run build`) when it is missing or stale, so `npm run dev` on a fresh clone serves the portal.
 * Answers the directory to serve, or `undefined` when the repository has no portal to build.
 */
export async function ensurePortalBuild(root: string, log: Log): Promise<string | undefined> {
  const web = join(root, "web");
  const dist = join(web, "dist");
  if (!existsSync(join(web, "vite.config.ts"))) {
    log("warn", "no portal to serve: web/vite.config.ts is missing, so there is nothing to build");
    return undefined;
  }
  const built = await newest(join(dist, "index.html"));
  const sources = Math.max(...(await Promise.all(SOURCES.map((s) => newest(join(web, s))))));
  if (built === 0 || built < sources) {
    log("info", built === 0 ? "building the portal (web/dist)" : "rebuilding the portal: web/ changed");
    await runBuild(root);
  }
  return dist;
}
