/**
 * The layer rules of `biome.json` (docs/decisions/0011-layer-boundaries.md), shown to bite: each probe
 * is one import from one place, linted by the project's own Biome with the project's own
 * configuration, in a scratch folder so the tree is never touched.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const biome = join(root, "node_modules", ".bin", "biome");

interface Probe {
  /** Where the importing file sits. */
  file: string;
  /** What it imports. */
  from: string;
  allowed: boolean;
}

const PROBES: readonly Probe[] = [
  // The domain imports only the domain.
  { file: "shared/domain/agents/probe.ts", from: "#shared/domain/errors", allowed: true },
  { file: "shared/domain/agents/probe.ts", from: "./run.ts", allowed: true },
  { file: "shared/domain/agents/probe.ts", from: "#shared/platform/config", allowed: false },
  { file: "shared/domain/agents/probe.ts", from: "#shared/contracts/agent-pipeline", allowed: false },
  { file: "shared/domain/agents/probe.ts", from: "#shared/adapters/events", allowed: false },
  { file: "shared/domain/agents/probe.ts", from: "#functions/agents/runner/process-run", allowed: false },
  { file: "shared/domain/agents/probe.ts", from: "../../platform/config.ts", allowed: false },
  { file: "shared/domain/probe.ts", from: "../platform/config.ts", allowed: false },
  { file: "shared/domain/agents/probe.ts", from: "@aws-sdk/client-sqs", allowed: false },
  // The platform imports the domain, not what sits on it.
  { file: "shared/platform/http/probe.ts", from: "#shared/domain/errors", allowed: true },
  { file: "shared/platform/http/probe.ts", from: "#shared/contracts/platform", allowed: false },
  { file: "shared/platform/http/probe.ts", from: "#shared/adapters/secrets", allowed: false },
  // Contracts speak the platform's declaration vocabulary and the domain's types.
  { file: "shared/contracts/probe.ts", from: "#shared/platform/declaration/types", allowed: true },
  { file: "shared/contracts/probe.ts", from: "#shared/adapters/dynamodb/audit-log", allowed: false },
  { file: "shared/contracts/probe.ts", from: "#functions/api/admin/deps", allowed: false },
  // Adapters implement the domain's ports; nothing in shared/ reaches into functions/.
  { file: "shared/adapters/dynamodb/probe.ts", from: "#shared/contracts/agent-pipeline", allowed: true },
  { file: "shared/adapters/dynamodb/probe.ts", from: "#functions/api/auth/session", allowed: false },
  // API functions never import the workers; the workers never import an API function.
  { file: "functions/api/agents/probe.ts", from: "#shared/adapters/jobs", allowed: true },
  { file: "functions/api/agents/probe.ts", from: "#functions/agents/runner/process-run", allowed: false },
  { file: "functions/api/agents/probe.ts", from: "../../agents/runner/process-run.ts", allowed: false },
  { file: "functions/agents/runner/probe.ts", from: "#functions/api/agents/deps", allowed: false },
];

interface Diagnostic {
  category: string;
  location: { path: string };
}

let scratch: string;
let refused: Map<string, number>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "layer-boundaries-"));
  await copyFile(join(root, "biome.json"), join(scratch, "biome.json"));
  const files: string[] = [];
  for (const [index, probe] of PROBES.entries()) {
    // One file a probe: the same folder, a name of its own.
    const file = probe.file.replace(/probe\.ts$/, `probe-${index}.ts`);
    await mkdir(join(scratch, dirname(file)), { recursive: true });
    await writeFile(
      join(scratch, file),
      `import { probe } from "${probe.from}";\n\nexport const used = probe;\n`,
    );
    files.push(file);
  }
  const { stdout } = await promisify(execFile)(
    biome,
    ["lint", "--vcs-enabled=false", "--reporter=json", "--max-diagnostics=none", ...files],
    { cwd: scratch },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const report = JSON.parse(stdout) as { diagnostics: Diagnostic[] };
  refused = new Map();
  for (const diagnostic of report.diagnostics) {
    if (diagnostic.category !== "lint/style/noRestrictedImports") continue;
    const path = diagnostic.location.path;
    refused.set(path, (refused.get(path) ?? 0) + 1);
  }
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the lint's layer rules", () => {
  it.each(PROBES.map((probe, index) => ({ ...probe, index })))(
    "$file importing $from: allowed=$allowed",
    ({ file, index, allowed }) => {
      const path = file.replace(/probe\.ts$/, `probe-${index}.ts`);
      expect(refused.has(path)).toBe(!allowed);
    },
  );
});
