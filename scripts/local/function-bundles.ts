/**
 * The local Lambda service's builds: each function's entry bundled exactly as it deploys
 * (`esbuildOptionsFor`, the options `NodejsFunction` is given), so a sandbox runs the code Lambda
 * runs — the SDK as bundled, the Lambda credential provider, one file to load — and starts in a
 * fraction of what compiling its sources through tsx took.
 *
 * Bundles are kept under `.local/lambda-bundles/`, one directory per entry and options, and shared by
 * every cloud and process of the machine: a bundle is used again while none of its own sources (every
 * input outside `node_modules`) changed after its build began, nor `package-lock.json`; otherwise it is
 * built again. A build goes to a directory of its own and `current.json` names it (written by
 * rename), so two processes building at once each get a whole bundle.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { z } from "zod";
import { type BundleHost, DEPLOYED_BUNDLE, esbuildOptionsFor } from "#infra/lib/constructs/bundling";

const Built = z.object({
  build: z.string(),
  /** When the build began (ms since the epoch): a source changed later means a new build. */
  startedAt: z.number(),
  /** The build's sources, relative to the root: inputs outside `node_modules`, and the lock file. */
  sources: z.array(z.string()),
});
type Built = z.infer<typeof Built>;

/** Builds of older sources are removed once they are this old (a sandbox may still be loading one). */
const KEEP_OLD_BUILDS_MS = 10 * 60_000;

export interface BundleRequest {
  /** The entry, relative to the root. */
  entry: string;
  /** The function's declared `runtimeProvidedModules` (external, as in AWS). */
  runtimeProvidedModules?: readonly string[];
  /** @default "lambda" */
  host?: BundleHost;
}

export class FunctionBundles {
  private readonly memo = new Map<string, Promise<string>>();

  /** @param root the repository root; bundles go under its `.local/lambda-bundles/`. */
  constructor(private readonly root: string) {}

  /**
   * The path of a bundle of the entry built from its current sources (built now if there is none).
   * Answered from memory after the first call, until `forget()`.
   * @throws the build's error (esbuild's messages) when the entry does not build
   */
  bundleOf(request: BundleRequest): Promise<string> {
    // Asked on every invocation: the memory's key is cheap; the directory's name is hashed once.
    const key = JSON.stringify([
      request.entry,
      request.host ?? "lambda",
      request.runtimeProvidedModules ?? [],
    ]);
    let pending = this.memo.get(key);
    if (pending === undefined) {
      pending = this.current(directoryOf(request), request);
      pending.catch(() => this.memo.delete(key));
      this.memo.set(key, pending);
    }
    return pending;
  }

  /** Sources changed: the next `bundleOf` checks them again. */
  forget(): void {
    this.memo.clear();
  }

  private async current(name: string, request: BundleRequest): Promise<string> {
    const dir = join(this.root, ".local", "lambda-bundles", name);
    const built = await readBuilt(dir);
    if (built !== undefined && (await this.fresh(built))) return bundlePath(dir, built.build);
    return this.rebuild(dir, request);
  }

  private async fresh(built: Built): Promise<boolean> {
    const paths = built.sources.map((p) => resolve(this.root, p));
    const times = await Promise.all(
      paths.map((p) =>
        stat(p).then(
          (s) => s.mtimeMs,
          () => Number.POSITIVE_INFINITY,
        ),
      ),
    );
    return times.every((t) => t < built.startedAt);
  }

  private async rebuild(dir: string, request: BundleRequest): Promise<string> {
    const id = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    const outdir = join(dir, id);
    await mkdir(outdir, { recursive: true });
    const startedAt = Date.now();
    const result = await build({
      ...esbuildOptionsFor(
        resolve(this.root, request.entry),
        outdir,
        request.runtimeProvidedModules ?? [],
        request.host ?? "lambda",
      ),
      absWorkingDir: this.root,
      metafile: true,
      logLevel: "silent",
    });
    // Packages change only through the lock file: it stands for every input under node_modules.
    const lock = await stat(join(this.root, "package-lock.json")).then(
      () => ["package-lock.json"],
      (error: unknown) => {
        if (isMissing(error)) return [];
        throw error;
      },
    );
    const sources = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes("node_modules/") && !input.startsWith("<"))
      .map((input) => relative(this.root, resolve(this.root, input)))
      .concat(lock);
    const built: Built = { build: id, startedAt, sources };
    const pointer = join(dir, `current.json.${id}`);
    await writeFile(pointer, JSON.stringify(built));
    await rename(pointer, join(dir, "current.json"));
    await removeOldBuilds(dir, id);
    return bundlePath(dir, id);
  }
}

function bundlePath(dir: string, id: string): string {
  return join(dir, id, DEPLOYED_BUNDLE.outfile);
}

/** One directory per entry, host and set of external modules, named readably. */
function directoryOf(request: BundleRequest): string {
  const hash = createHash("sha256")
    .update(JSON.stringify([request.entry, request.host ?? "lambda", request.runtimeProvidedModules ?? []]))
    .digest("hex")
    .slice(0, 12);
  const name = request.entry.replace(/\.[cm]?[jt]s$/, "").replace(/[^A-Za-z0-9]+/g, "-");
  return `${name}-${hash}`;
}

/** The current build's record; `undefined` when there is none yet or it is of an older shape. */
async function readBuilt(dir: string): Promise<Built | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, "current.json"), "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    return Built.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

async function removeOldBuilds(dir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const path = join(dir, entry.name);
    // Another process may be removing the same old build.
    const mtimeMs = await stat(path).then(
      (s) => s.mtimeMs,
      (error: unknown) => {
        if (isMissing(error)) return now;
        throw error;
      },
    );
    if (now - mtimeMs > KEEP_OLD_BUILDS_MS) await rm(path, { recursive: true, force: true });
  }
}
