/**
 * Where a benchmark's CPU goes: the CPU time of this process and every process it started (DynamoDB
 * Local, Lambda sandboxes, Fargate tasks), read from Linux's `/proc`, grouped by what the process is.
 * A phase takes a snapshot before and after; the difference is the CPU each group spent in it. A
 * process that exits during the phase loses what it spent (the benchmarks retire none mid-phase).
 * Where `/proc` is absent the snapshots are empty and the benchmark prints no breakdown.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { relative } from "node:path";

/** CPU milliseconds by group. */
export type CpuByGroup = Map<string, number>;

interface ProcessSample {
  parent: number;
  /** User plus system CPU, in clock ticks. */
  ticks: number;
  group: string;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** What a process is, from its command line and (for a Lambda sandbox) its function's name. */
function groupOf(pid: number, root: string): string {
  if (pid === process.pid) return "this process (gateway, SQS, EventBridge, mappings, bench)";
  const argv = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean);
  if (argv.some((arg) => arg.includes("DynamoDBLocal"))) return "DynamoDB Local";
  if (argv.some((arg) => arg.toLowerCase().includes("opensearch"))) return "OpenSearch";
  const fn = /(?:^|\0)AWS_LAMBDA_FUNCTION_NAME=([^\0]*)/.exec(read(`/proc/${pid}/environ`) ?? "")?.[1];
  if (fn !== undefined) return `Lambda ${fn}`;
  // A container task runs its image's bundle, in a directory named after its entry.
  const bundle = argv.find((arg) => arg.includes("/lambda-bundles/"));
  if (bundle) return `task ${bundle.split("/lambda-bundles/")[1]?.split("/")[0] ?? bundle}`;
  const entry = argv.find((arg) => arg.endsWith(".ts"));
  if (entry) return `task ${relative(root, entry)}`;
  return argv[0] ?? `pid ${pid}`;
}

function sample(root: string): Map<number, ProcessSample> {
  const processes = new Map<number, ProcessSample>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return processes;
  }
  for (const name of pids) {
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // The command name is in parentheses and may hold spaces: the fields that follow are counted after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pid = Number(name);
    processes.set(pid, {
      parent: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      group: "",
    });
  }
  // Keep this process and its descendants only.
  const kept = new Map<number, ProcessSample>();
  const isOurs = (pid: number, depth = 0): boolean => {
    if (pid === process.pid) return true;
    const p = processes.get(pid);
    return p !== undefined && depth < 16 && isOurs(p.parent, depth + 1);
  };
  for (const [pid, p] of processes) {
    if (isOurs(pid)) kept.set(pid, { ...p, group: groupOf(pid, root) });
  }
  return kept;
}

/** Marks the start of a phase; `stop()` answers the CPU each group spent since. */
export function cpuMeter(root: string): { stop(): CpuByGroup } {
  const before = sample(root);
  return {
    stop() {
      const spent: CpuByGroup = new Map();
      const msPerTick = 1000 / clockTicks();
      for (const [pid, now] of sample(root)) {
        const ticks = now.ticks - (before.get(pid)?.ticks ?? 0);
        spent.set(now.group, (spent.get(now.group) ?? 0) + ticks * msPerTick);
      }
      return spent;
    },
  };
}

/** Adds `more` into `total`. */
export function addCpu(total: CpuByGroup, more: CpuByGroup): CpuByGroup {
  for (const [group, msSpent] of more) total.set(group, (total.get(group) ?? 0) + msSpent);
  return total;
}
