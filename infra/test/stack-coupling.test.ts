import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { AGENT_ROSTER } from "#shared/domain/agents/roster";
import { agentWorkers } from "#shared/platform/declaration/agent-workers";
import type { FunctionBindings, PlatformDeclaration } from "#shared/platform/declaration/types";
import { couplingOf, refusedChanges, type StackCoupling } from "./support/stack-coupling.ts";
import { synthPlatform } from "./support/synth-platform.ts";

type Roster = readonly { role: string; title: string; profile: "short" | "long" }[];

/**
 * The real declaration with another roster: each agent's queue, DLQ and consumer follow the roster
 * (as `agentWorkers` derives them), and a binding to a queue that no longer exists goes with it.
 */
function declarationWith(roster: Roster): PlatformDeclaration {
  const workers = agentWorkers(roster);
  const agentQueues = new Set(agentWorkers(AGENT_ROSTER).queues.map((q) => q.name));
  const queues = [...workers.queues, ...platform.queues.filter((q) => !agentQueues.has(q.name))];
  const declared = new Set(queues.flatMap((q) => [q.name, `${q.name}-dlq`]));
  const kept = (names: readonly string[] | undefined) => names?.filter((name) => declared.has(name));
  const prune = (bindings: FunctionBindings | undefined): FunctionBindings | undefined =>
    bindings && {
      ...bindings,
      sendsTo: kept(bindings.sendsTo),
      inspects: kept(bindings.inspects),
      redrives: kept(bindings.redrives),
    };
  return {
    ...platform,
    api: platform.api.map((domain) => ({ ...domain, bindings: prune(domain.bindings) })),
    queues,
    queueFunctions: workers.queueFunctions,
    containers: workers.containers,
    schedules: workers.schedules,
  };
}

const roster: Roster = AGENT_ROSTER;
const withoutSocialPosts = roster.filter((agent) => agent.role !== "social-post-writer");
/** `setup` moves from Lambda to Fargate, `blog-writer` from Fargate to Lambda. */
const moved = roster.map((agent) =>
  agent.role === "setup"
    ? { ...agent, profile: "long" as const }
    : agent.role === "blog-writer"
      ? { ...agent, profile: "short" as const }
      : agent,
);

const couplings = new Map<string, Map<string, StackCoupling>>();
const coupling = (name: string) => {
  const found = couplings.get(name);
  if (!found) throw new Error(`${name} was not synthesized`);
  return found;
};

beforeAll(() => {
  const synth = (declaration: PlatformDeclaration, context?: Record<string, unknown>) =>
    couplingOf(synthPlatform({ declaration, context }));
  couplings.set("today", synth(platform));
  couplings.set("without social posts", synth(declarationWith(withoutSocialPosts)));
  couplings.set("moved", synth(declarationWith(moved)));
  const strong = { "@aws-cdk/core:defaultCrossStackReferences": "strong" };
  couplings.set("today, strong", synth(platform, strong));
  couplings.set("moved, strong", synth(declarationWith(moved), strong));
});

describe("the coupling between the platform's stacks", () => {
  it("compares real changes: the changed declarations' consumers differ from today's", () => {
    expect(declarationWith(roster).queues).toEqual(platform.queues);
    expect(declarationWith(withoutSocialPosts).queueFunctions.map((f) => f.name)).toEqual(["agent-setup"]);
    expect(
      declarationWith(moved)
        .containers.map((c) => c.name)
        .sort(),
    ).toEqual(["agent-setup", "agent-strategy-writer"].sort());
  });

  it("uses no CloudFormation export at all: every stack reads another's outputs weakly", () => {
    for (const stage of ["dev", "prod"]) {
      const stacks = couplingOf(synthPlatform({ declaration: platform, stage }));
      for (const [name, stack] of stacks) {
        expect([...stack.exports], name).toEqual([]);
        expect([...stack.imports], name).toEqual([]);
      }
      const reads = [...stacks.values()].flatMap((stack) => [...stack.reads]);
      expect(reads.length, "stacks do read each other").toBeGreaterThan(0);
    }
  });

  it.each([
    ["an agent is removed", "without social posts"],
    ["one agent moves from Lambda to Fargate and another from Fargate to Lambda", "moved"],
  ])("lets the platform update in place when %s: no stack loses an output another still uses", (_, after) => {
    expect(refusedChanges(coupling("today"), coupling(after))).toEqual([]);
    // And back again.
    expect(refusedChanges(coupling(after), coupling("today"))).toEqual([]);
  });

  it("would refuse the move with strong references (exports), so the check above can fail", () => {
    const refused = refusedChanges(coupling("today, strong"), coupling("moved, strong"));
    expect(refused).toContainEqual(
      expect.stringMatching(/^leadmetrics-dev-workers drops export .*, which leadmetrics-dev-observability/),
    );
  });
});
