/**
 * The local OpenSearch node's install step: its jars from Maven Central (`opensearch/pom.xml`, through
 * Maven and its cache, `~/.m2`) and its launcher compiled (`opensearch/LocalOpenSearchNode.java`), into
 * `.local/opensearch/node-<hash>/` (git-ignored), where `<hash>` is the hash of those two files. A no-op
 * when that directory exists; a change to either file installs anew beside the old one. Processes that
 * install at the same time each build a directory of their own and rename it into place: the first
 * rename wins, the others use it.
 *
 * Run on demand: by `npm run dev` as it starts the node, by the integration tests' global setup, and on
 * its own by `npm run opensearch:install`. Not by `postinstall` (which npm would run for the root
 * package): a machine without Maven can still `npm ci` and work on everything but search.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { access, mkdir, readFile, rename, rm } from "node:fs/promises";
import { delimiter, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { consoleLog, type Log } from "./log.ts";

const SOURCES = resolve(fileURLToPath(new URL(".", import.meta.url)), "opensearch");
const POM = resolve(SOURCES, "pom.xml");
const LAUNCHER = resolve(SOURCES, "LocalOpenSearchNode.java");
const REPOSITORY_ROOT = resolve(SOURCES, "../../..");

/** An installed node: what `java` needs to run its launcher. */
export interface OpenSearchInstall {
  /** The directory of this install. */
  directory: string;
  /** The class path: the launcher's classes, the server and its plugins' jars. */
  classPath: string;
  /** The launcher's main class. */
  mainClass: string;
}

/**
 * Installs the node unless this version of it is installed already; answers where it is.
 * @param root the repository whose `.local/` holds it. @default this repository
 */
export async function ensureOpenSearchInstall(
  log: Log,
  root: string = REPOSITORY_ROOT,
): Promise<OpenSearchInstall> {
  const hash = createHash("sha256")
    .update(await readFile(POM))
    .update(await readFile(LAUNCHER))
    .digest("hex")
    .slice(0, 16);
  const base = resolve(root, ".local", "opensearch");
  const directory = resolve(base, `node-${hash}`);
  const install: OpenSearchInstall = {
    directory,
    classPath: ["classes", "lib/*", "knn/*"].map((part) => resolve(directory, part)).join(delimiter),
    mainClass: "LocalOpenSearchNode",
  };
  if (await exists(directory)) return install;

  log("info", `installing the local OpenSearch node (Maven Central, cached in ~/.m2) into ${directory}`);
  const building = resolve(base, `.building-${hash}-${process.pid}`);
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  try {
    await run("mvn", ["-q", "-B", "-f", POM, `-Dout.dir=${building}`, "package"], "Maven");
    await run(
      "javac",
      [
        "-d",
        resolve(building, "classes"),
        "-cp",
        [`${building}/lib/*`, `${building}/knn/*`].join(delimiter),
        LAUNCHER,
      ],
      "javac",
    );
    await rm(resolve(building, "target"), { recursive: true, force: true });
    await rename(building, directory).catch(async (error: unknown) => {
      // Another process installed the same version meanwhile: use its directory.
      if (!(await exists(directory))) throw error;
      log("debug", `the local OpenSearch node was installed meanwhile by another process`);
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  log("info", "the local OpenSearch node is installed");
  return install;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Runs `command`, failing with its output (or with what to install when it is missing). */
async function run(command: string, args: string[], what: string): Promise<void> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new Error(
              `${command} is not installed; the local OpenSearch node needs Maven and a JDK 17 ` +
                "(Debian: apt-get install maven openjdk-17-jdk-headless)",
            )
          : error,
      ),
    );
    child.once("exit", resolveExit);
  });
  if (code !== 0) throw new Error(`${what} failed (exit code ${code}):\n${output}`);
}

// `npm run opensearch:install`: the install step alone.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = consoleLog("info");
  ensureOpenSearchInstall(log).catch((error: unknown) => {
    log("error", "the local OpenSearch node could not be installed", error);
    process.exitCode = 1;
  });
}
