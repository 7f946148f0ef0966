/**
 * `npm run bench:cold`: builds every declared function exactly as it deploys (`infra/lib/constructs/
 * bundling.ts`) plus two reference bundles — a hello-world handler and one holding only the DynamoDB
 * DocumentClient — then measures, per bundle, the median module-initialisation time over fresh Node
 * processes and prints it against the DocumentClient-only reference measured in the same run.
 * Target: ≤ 1.3 × the reference for every API function and the HTTP API's authorizer.
 *
 * No function reads a secret at init (they read through the secrets extension on first need), so no
 * Secrets Manager runs here and the sandboxes get no session token: a read at init would fail the
 * function's start, and so the run, instead of hiding a round trip in the figures.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { esbuildOptionsFor } from "#infra/lib/constructs/bundling";
import { platform } from "#shared/contracts/platform";
import { environmentFor } from "#shared/platform/declaration/environment";
import { declaredFunctions, runtimeEnvironment } from "#shared/platform/declaration/functions";
import type { FunctionDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { median } from "./stats.ts";

const declaration: PlatformDeclaration = platform;
const execFileAsync = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET = 1.3;
/** `BENCH_ONLY=api-content,authorizer`: only these functions (and the references), while working on them. */
const ONLY = (process.env.BENCH_ONLY ?? "").split(",").filter((id) => id !== "");
const root = join(import.meta.dirname, "..", "..");
const outRoot = join(root, ".bench", "cold");

interface Subject {
  name: string;
  entry: string;
  kind: "api" | "authorizer" | "target" | "reference";
  declaration?: FunctionDeclaration;
}

const subjects: Subject[] = [
  { name: "ref: hello-world", entry: "scripts/bench/references/hello-world.ts", kind: "reference" },
  {
    name: "ref: DocumentClient only",
    entry: "scripts/bench/references/document-client-only.ts",
    kind: "reference",
  },
  ...declaredFunctions(declaration)
    .filter((f) => ONLY.length === 0 || ONLY.includes(f.id))
    .map(
      (f): Subject => ({
        name: f.id,
        entry: f.declaration.entry,
        kind: f.id.startsWith("api-") ? "api" : f.id === "authorizer" ? "authorizer" : "target",
        declaration: f.declaration,
      }),
    ),
];

const unknown = ONLY.filter((id) => !subjects.some((s) => s.name === id));
if (unknown.length > 0) throw new Error(`BENCH_ONLY names no declared function: ${unknown.join(", ")}`);

/** Environment that satisfies each function's config schema, as Lambda would provide it. */
function envFor(subject: Subject): NodeJS.ProcessEnv {
  const bound = environmentFor(subject.declaration?.bindings, {
    stage: "bench",
    tableName: "bench-table",
    eventBusName: "bench-bus",
    starterCredits: 25,
    accessTokenTtlSeconds: 900,
    realtimeEndpoint: "https://bench.execute-api.us-east-1.amazonaws.com/bench",
    searchEndpoint: "https://search-bench.us-east-1.es.amazonaws.com",
    queueUrl: (q) => `https://sqs.us-east-1.amazonaws.com/000000000000/${q}`,
    secretId: (s) => `leadmetrics/bench/${s}`,
  });
  return {
    PATH: process.env.PATH,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_LAMBDA_FUNCTION_NAME: subject.name,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...runtimeEnvironment({ app: declaration.app, service: subject.name, logLevel: "INFO" }),
    ...bound,
  };
}

/**
 * What is timed: `wall` (the default, and the target's measure) is the time `await import(bundle)`
 * takes; `cpu` is the CPU time the process spends in it (user + system), which a machine busy with
 * other work disturbs far less — for comparing changes on a shared machine, not for the verdict's
 * record.
 */
const CLOCK = process.env.BENCH_CLOCK === "cpu" ? "cpu" : "wall";

/** Node code run in a fresh process: time the import of the bundle, print milliseconds. */
const PROBE =
  CLOCK === "cpu"
    ? `const c=process.cpuUsage();await import(process.argv[1]);const d=process.cpuUsage(c);process.stdout.write(String((d.user+d.system)/1000));`
    : `const t=performance.now();await import(process.argv[1]);process.stdout.write(String(performance.now()-t));`;

async function initOnce(bundle: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout: out } = await execFileAsync(
    process.execPath,
    ["--input-type=module", "-e", PROBE, bundle],
    {
      env,
      encoding: "utf8",
    },
  );
  return Number(out);
}

async function main(): Promise<void> {
  rmSync(outRoot, { recursive: true, force: true });
  const bundles = new Map<Subject, string>();
  for (const subject of subjects) {
    const outdir = join(outRoot, subject.name.replace(/[^a-z0-9]+/gi, "-"));
    mkdirSync(outdir, { recursive: true });
    const options = esbuildOptionsFor(
      join(root, subject.entry),
      outdir,
      subject.declaration?.runtimeProvidedModules,
    );
    await build({ ...options, logLevel: "error" });
    if (!options.outfile) throw new Error("The deployed bundle options name no outfile");
    bundles.set(subject, options.outfile);
  }
  const samples = new Map<Subject, number[]>(subjects.map((s) => [s, []]));
  for (const s of subjects) await initOnce(bundles.get(s) as string, envFor(s)); // warm the file cache
  // Interleave subjects run by run so machine noise spreads over all of them alike.
  for (let run = 0; run < RUNS; run++) {
    for (const s of subjects) samples.get(s)?.push(await initOnce(bundles.get(s) as string, envFor(s)));
  }
  const reference = subjects[1] as Subject;
  const refMedian = median(samples.get(reference) ?? []);
  const rows = subjects.map((s) => {
    const size = statSync(bundles.get(s) as string).size;
    const init = median(samples.get(s) ?? []);
    const ratio = init / refMedian;
    const judged = s.kind === "api" || s.kind === "authorizer";
    const verdict = judged ? (ratio <= TARGET ? "ok" : "OVER") : "";
    return { name: s.name, size, init, ratio, verdict };
  });
  console.log(
    `Cold start: median module init (${CLOCK === "cpu" ? "CPU time" : "wall time"}) over ${RUNS} fresh processes (node ${process.version}, ${process.arch})`,
  );
  console.log("");
  console.log(
    "| bundle | size | median init | init ÷ DocumentClient-only | target ≤ 1.3 (API, authorizer) |",
  );
  console.log("|---|---:|---:|---:|:---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${(r.size / 1024).toFixed(0)} KiB | ${r.init.toFixed(1)} ms | ${r.ratio.toFixed(2)} | ${r.verdict} |`,
    );
  }
  const over = rows.filter((r) => r.verdict === "OVER");
  if (over.length > 0) {
    console.log(
      `\n${over.length} API function(s) or authorizer over the target: ${over.map((r) => r.name).join(", ")}`,
    );
    process.exitCode = 1;
  }
}

await main();
