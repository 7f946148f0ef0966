import { describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { indexKnowledgeDocument } from "#shared/domain/knowledge/ingest";
import {
  InMemoryChunkIndex,
  InMemoryKnowledgeDocuments,
  WordCountEmbedder,
} from "#shared/domain/knowledge/testing/in-memory-knowledge";
import { type LanguageModel, ModelError, type ModelRequest, type ModelResponse } from "./model.ts";
import { type JobMessage, type ProcessJobDeps, processJob } from "./process-job.ts";
import { MAX_RETRY_DELAY_SECONDS, type Run } from "./run.ts";
import { brand } from "./testing/fixtures.ts";
import {
  aRun,
  InMemoryBrandProfiles,
  InMemoryLiveStatus,
  InMemoryRuns,
  RecordedCounts,
  RecordedEvents,
  RecordedLog,
  TENANT,
} from "./testing/in-memory-pipeline.ts";
import { workerByRole } from "./worker-catalog.ts";

const ROLE = "social-post-writer";

/** One model answer: JSON text, or a fault thrown by the call. */
type Script = { text: string } | { error: Error } | { during: () => void; text: string };

/** A model that answers from a script, one entry a call, and keeps the requests. */
function scriptedModel(script: Script[]): LanguageModel & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    provider: "openai-compatible",
    model: "scripted",
    requests,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      requests.push(request);
      const next = script.shift();
      if (!next) throw new Error("the model was asked more often than scripted");
      if ("error" in next) throw next.error;
      if ("during" in next) next.during();
      return {
        text: next.text,
        provider: "openai-compatible",
        model: "scripted",
        usage: { inputTokens: 100, outputTokens: 50 },
        stopReason: "stop",
      };
    },
  };
}

/** A valid answer for the run: the agent's own offline draft of its input. */
function validAnswer(run: Run): string {
  const agent = workerByRole(run.role);
  const input = agent && safeParse(agent.input, run.input);
  if (!agent || !input?.success) throw new Error(`no agent ${run.role} takes this input`);
  return JSON.stringify(agent.offlineDraft({ input: input.data }));
}

function pipeline(script: Script[] = []) {
  const runs = new InMemoryRuns();
  const live = new InMemoryLiveStatus();
  const events = new RecordedEvents();
  const log = new RecordedLog();
  const counts = new RecordedCounts();
  const model = scriptedModel(script);
  const chunks = new InMemoryChunkIndex();
  const embedder = new WordCountEmbedder();
  const documents = new InMemoryKnowledgeDocuments();
  const deps: ProcessJobDeps = {
    runs,
    live,
    brandProfiles: new InMemoryBrandProfiles(runs),
    knowledge: { documents, embedder, chunks },
    content: { get: async () => undefined },
    policies: { get: async () => ({ policy: "reviewer", locked: false }) },
    events,
    modelFor: async () => model,
    workerByRole,
    leaseMs: 30_000,
    logger: log,
    count: counts.count,
  };
  return { deps, runs, live, events, log, counts, model, script, chunks, embedder, documents };
}

function jobFor(run: Pick<Run, "runId" | "role">, receiveCount = 1): JobMessage {
  return {
    messageId: `message-${run.runId}`,
    body: JSON.stringify({ runId: run.runId, role: run.role }),
    tenantId: TENANT,
    correlationId: "corr-1",
    receiveCount,
  };
}

describe("processJob", () => {
  it("refuses a job that does not match its schema, counting it, and deletes the message", async () => {
    const { deps, counts, log } = pipeline();
    const outcome = await processJob(deps, { ...jobFor(aRun()), body: "{not json" });
    expect(outcome).toEqual({ kind: "done" });
    expect(counts.of("RejectedJobs")).toBe(1);
    expect(log.lines.find((l) => l.level === "error")?.keys).toMatchObject({ correlationId: "corr-1" });
  });

  it("refuses a job whose run does not exist", async () => {
    const { deps, counts, model } = pipeline();
    const outcome = await processJob(deps, jobFor(aRun()));
    expect(outcome).toEqual({ kind: "done" });
    expect(counts.of(`RejectedJobs:${ROLE}`)).toBe(1);
    expect(model.requests).toHaveLength(0);
  });

  it("delivers the job again after the lease when another worker holds the run", async () => {
    const { deps, runs, model } = pipeline();
    const run = runs.add(aRun({ status: "running", attempts: 1, leaseUntil: Date.now() + 20_000 }));
    const outcome = await processJob(deps, jobFor(run));
    expect(outcome.kind).toBe("retry");
    const delay = outcome.kind === "retry" ? outcome.delaySeconds : 0;
    expect(delay).toBeGreaterThanOrEqual(19);
    expect(delay).toBeLessThanOrEqual(20);
    expect(runs.stored(run.runId)).toMatchObject({ status: "running", attempts: 1 });
    expect(model.requests).toHaveLength(0);
  });

  it("takes over a running run whose worker's lease lapsed", async () => {
    const { deps, runs, script } = pipeline();
    const run = runs.add(aRun({ status: "running", attempts: 1, leaseUntil: Date.now() - 1 }));
    script.push({ text: validAnswer(run) });
    expect(await processJob(deps, jobFor(run, 2))).toEqual({ kind: "done" });
    expect(runs.stored(run.runId)).toMatchObject({ status: "succeeded", attempts: 2 });
  });

  it("publishes a finished run's event again when an earlier attempt could not, and only then", async () => {
    const { deps, runs, events, model } = pipeline();
    const unpublished = runs.add(
      aRun({
        status: "succeeded",
        attempts: 1,
        contentId: "c-1",
        model: { provider: "offline", model: "x" },
      }),
    );
    const published = runs.add(aRun({ status: "failed", attempts: 1, eventPublished: true }));
    expect(await processJob(deps, jobFor(unpublished))).toEqual({ kind: "done" });
    expect(await processJob(deps, jobFor(published))).toEqual({ kind: "done" });
    expect(events.finishedOf(unpublished.runId)).toHaveLength(1);
    expect(runs.stored(unpublished.runId).eventPublished).toBe(true);
    expect(events.finishedOf(published.runId)).toHaveLength(0);
    expect(model.requests).toHaveLength(0);
  });

  it("leaves a redriven run failed when its credits cannot be reserved again", async () => {
    const { deps, runs, model } = pipeline();
    runs.available = 1;
    const failure = { kind: "dead-lettered" as const, reason: "gave up", at: new Date().toISOString() };
    const run = runs.add(aRun({ status: "failed", attempts: 5, failure, eventPublished: true }));
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    expect(runs.stored(run.runId)).toMatchObject({ status: "failed", attempts: 5, failure });
    expect(model.requests).toHaveLength(0);
  });

  it("runs a redriven dead-lettered run again, reserving its credits again", async () => {
    const { deps, runs, script } = pipeline();
    const failure = { kind: "dead-lettered" as const, reason: "gave up", at: new Date().toISOString() };
    const run = runs.add(aRun({ status: "failed", attempts: 5, failure, eventPublished: true }));
    script.push({ text: validAnswer(run) });
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    expect(runs.stored(run.runId)).toMatchObject({ status: "succeeded", attempts: 6 });
    expect(runs.stored(run.runId).failure).toBeUndefined();
    expect(runs.reserved).toBe(0);
  });

  it("stores the content, charges by the tokens used, reports its steps and publishes agent.completed", async () => {
    const { deps, runs, live, events, counts, model, script } = pipeline();
    const run = runs.add(aRun());
    script.push({ text: validAnswer(run) });
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    const stored = runs.stored(run.runId);
    expect(stored).toMatchObject({ status: "succeeded", attempts: 1, eventPublished: true });
    expect(stored.contentId && runs.content.get(stored.contentId)?.body).toEqual(
      JSON.parse(validAnswer(run)),
    );
    expect(stored.creditsCharged).toBeGreaterThanOrEqual(1);
    expect(stored.creditsCharged).toBeLessThanOrEqual(run.creditsReserved);
    expect(runs.charged).toBe(stored.creditsCharged);
    expect(runs.reserved).toBe(0);
    expect(live.steps.map((s) => s.step)).toEqual(["generating"]);
    expect(events.published.map((e) => e.type)).toEqual(["progress", "finished"]);
    expect(counts.of(`RunsSucceeded:${ROLE}`)).toBe(1);
    expect(model.requests).toHaveLength(1);
  });

  it("gives the run back and delays the job at least as long as the provider asked, after a transient fault", async () => {
    const { deps, runs, events } = pipeline([
      {
        error: new ModelError("throttled", {
          provider: "openai-compatible",
          retryable: true,
          retryAfterMs: 45_000,
        }),
      },
    ]);
    const run = runs.add(aRun());
    const outcome = await processJob(deps, jobFor(run));
    expect(outcome.kind).toBe("retry");
    expect(outcome.kind === "retry" && outcome.delaySeconds).toBeGreaterThanOrEqual(45);
    expect(runs.stored(run.runId)).toMatchObject({ status: "queued", attempts: 1 });
    expect(runs.stored(run.runId).lastError).toContain("throttled");
    expect(runs.reserved).toBe(run.creditsReserved);
    expect(events.finishedOf(run.runId)).toHaveLength(0);
  });

  it("fails the run at once, releasing its credits, on a permanent fault", async () => {
    const { deps, runs, events, counts } = pipeline([
      {
        error: new ModelError("bad credentials", {
          provider: "openai-compatible",
          retryable: false,
          status: 401,
        }),
      },
    ]);
    const run = runs.add(aRun());
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    const stored = runs.stored(run.runId);
    expect(stored).toMatchObject({ status: "failed", creditsCharged: 0, eventPublished: true });
    expect(stored.failure).toMatchObject({ kind: "permanent" });
    expect(stored.failure?.reason).toContain("bad credentials");
    expect(runs.reserved).toBe(0);
    expect(runs.available).toBe(100 + run.creditsReserved);
    expect(events.finishedOf(run.runId)).toEqual([{ type: "finished", runId: run.runId, status: "failed" }]);
    expect(counts.of(`RunsFailed:${ROLE}`)).toBe(1);
  });

  it("fails the run when its stored input no longer matches the agent's schema, without asking the model", async () => {
    const { deps, runs, model } = pipeline();
    const run = runs.add(aRun({ input: { message: "" } }));
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    expect(runs.stored(run.runId).failure?.reason).toContain("no longer matches");
    expect(model.requests).toHaveLength(0);
  });

  it("writes nothing and retries when another worker took the run over during the model call", async () => {
    const { deps, runs, events, log, script } = pipeline();
    const run = runs.add(aRun());
    script.push({
      text: validAnswer(run),
      // The lease lapses and another worker claims the run while the model thinks.
      during: () => {
        const current = runs.stored(run.runId);
        runs.runs.set(run.runId, {
          ...current,
          attempts: current.attempts + 1,
          leaseUntil: Date.now() + 60_000,
        });
      },
    });
    const outcome = await processJob(deps, jobFor(run));
    expect(outcome.kind).toBe("retry");
    expect(runs.stored(run.runId)).toMatchObject({ status: "running", attempts: 2 });
    expect(runs.content.size).toBe(0);
    expect(runs.charged).toBe(0);
    expect(events.finishedOf(run.runId)).toHaveLength(0);
    // Told as a lost lease, not as a fault of the run.
    expect(log.lines.map((l) => l.message)).toContain(
      "Lost the run to another worker; its result was not written",
    );
    expect(log.lines.some((l) => l.message.includes("transient"))).toBe(false);
  });

  it("asks once for a repair when the answer does not match the schema, and succeeds with the repair", async () => {
    const { deps, runs, live, counts, model, script } = pipeline();
    const run = runs.add(aRun());
    script.push({ text: "not json at all" }, { text: `\`\`\`json\n${validAnswer(run)}\n\`\`\`` });
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    expect(runs.stored(run.runId).status).toBe("succeeded");
    expect(model.requests).toHaveLength(2);
    expect(model.requests[1]?.messages.at(-1)?.content).toContain("Your answer is not valid");
    expect(live.steps.map((s) => s.step)).toEqual(["generating", "repairing"]);
    expect(counts.of(`OutputRepairs:${ROLE}`)).toBe(1);
  });

  it("fails the run for good when the repaired answer still does not match", async () => {
    const { deps, runs, model } = pipeline([{ text: "{}" }, { text: "[]" }]);
    const run = runs.add(aRun());
    expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
    expect(runs.stored(run.runId)).toMatchObject({ status: "failed", failure: { kind: "permanent" } });
    expect(model.requests).toHaveLength(2);
  });

  it("keeps the stored outcome and publishes on the next delivery when the event could not be published", async () => {
    const { deps, runs, events, log, script } = pipeline();
    const run = runs.add(aRun());
    script.push({ text: validAnswer(run) });
    events.failNext = 1;
    const first = await processJob(deps, jobFor(run));
    expect(first.kind).toBe("retry");
    // The run is charged and stored once: giving it back is refused, since it moved on.
    expect(runs.stored(run.runId)).toMatchObject({ status: "succeeded", eventPublished: false });
    expect(events.finishedOf(run.runId)).toHaveLength(0);
    expect(log.lines.map((l) => l.message)).toContain("The run had already moved on when it was given back");

    expect(await processJob(deps, jobFor(run, 2))).toEqual({ kind: "done" });
    expect(events.finishedOf(run.runId)).toHaveLength(1);
    expect(runs.stored(run.runId)).toMatchObject({ status: "succeeded", attempts: 1, eventPublished: true });
    expect(runs.content.size).toBe(1);
  });

  it("prompts with the tenant's accepted brand version and records it, and without one that no longer matches its schema", async () => {
    const promptOf = (request: ModelRequest | undefined) =>
      `${request?.system} ${request?.messages.map((m) => m.content).join(" ")}`;
    const valid = pipeline();
    valid.runs.acceptedBrand = { version: 3, profile: brand };
    const first = valid.runs.add(aRun());
    valid.script.push({ text: validAnswer(first) });
    expect(await processJob(valid.deps, jobFor(first))).toEqual({ kind: "done" });
    expect(promptOf(valid.model.requests[0])).toContain(brand.businessName);
    expect(valid.runs.stored(first.runId).brandVersion).toBe(3);

    const stale = pipeline();
    stale.runs.acceptedBrand = { version: 4, profile: { ...brand, audiences: [] } };
    const second = stale.runs.add(aRun());
    stale.script.push({ text: validAnswer(second) });
    expect(await processJob(stale.deps, jobFor(second))).toEqual({ kind: "done" });
    expect(promptOf(stale.model.requests[0])).not.toContain(brand.businessName);
    expect(stale.runs.stored(second.runId).brandVersion).toBeUndefined();
    expect(stale.log.lines.some((l) => l.level === "error" && l.message.includes("brand profile"))).toBe(
      true,
    );
  });

  it("stores setup's profile as a proposal that the next run does not use", async () => {
    const { deps, runs, script, model } = pipeline();
    const setup = runs.add(
      aRun({
        role: "setup",
        input: {
          businessName: "Proposal Co",
          offering: "Pottery classes",
          audience: "Beginners in Leeds",
          goals: ["Fill evening classes"],
          tone: ["warm"],
        },
      }),
    );
    script.push({ text: validAnswer(setup) });
    expect(await processJob(deps, jobFor(setup))).toEqual({ kind: "done" });
    expect(runs.proposedBrand).toMatchObject({ businessName: "Proposal Co" });

    const next = runs.add(aRun());
    script.push({ text: validAnswer(next) });
    expect(await processJob(deps, jobFor(next))).toEqual({ kind: "done" });
    expect(JSON.stringify(model.requests.at(-1))).not.toContain("Proposal Co");
    expect(runs.stored(next.runId).brandVersion).toBeUndefined();
  });

  it("never delays a busy run's job longer than the longest retry delay", async () => {
    const { deps, runs } = pipeline();
    const run = runs.add(aRun({ status: "running", attempts: 1, leaseUntil: Date.now() + 3_600_000 }));
    const outcome = await processJob(deps, jobFor(run));
    expect(outcome).toEqual({ kind: "retry", delaySeconds: MAX_RETRY_DELAY_SECONDS });
  });

  describe("with the tenant's knowledge base", () => {
    /** A pipeline whose tenant has one document about spring lessons and one about parking. */
    async function withKnowledge() {
      const piped = pipeline();
      const { documents } = piped;
      const ingest = { documents, embedder: piped.embedder, chunks: piped.chunks };
      for (const [title, body] of [
        ["Spring offer terms", "The spring offer gives two lessons for one until the end of April."],
        ["Parking", "Parking is free behind the building on weekdays."],
      ] as const) {
        const added = await documents.add(TENANT, { title, body, format: "text", createdBy: "user-1" });
        await indexKnowledgeDocument(ingest, TENANT, added.documentId);
      }
      return piped;
    }

    it("gives the model the best chunks as numbered sources and records which the answer cites", async () => {
      const { deps, runs, model, script } = await withKnowledge();
      const run = runs.add(aRun());
      const answer = JSON.parse(validAnswer(run)) as { posts: { text: string }[] };
      const first = answer.posts[0];
      if (first) first.text = `${first.text} [S1]`;
      script.push({ text: JSON.stringify(answer) });
      expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
      const request = model.requests[0];
      expect(request?.system).toContain("cite each source you use as [S1]");
      expect(request?.messages[0]?.content).toMatch(/Sources:\n\[S1\] Spring offer terms\n/);
      const sources = runs.stored(run.runId).sources ?? [];
      expect(sources.map((s) => [s.label, s.title, s.cited])).toEqual([
        ["S1", "Spring offer terms", true],
        ["S2", "Parking", false],
      ]);
      expect(sources[0]?.chunkId).toMatch(/\.00000$/);
      expect(sources[0]?.score).toBeGreaterThan(sources[1]?.score ?? 1);
    });

    it("has the offline draft cite every source it was given", async () => {
      const { deps, runs } = await withKnowledge();
      const offline: LanguageModel = {
        provider: "offline",
        model: "offline-test",
        async complete(request) {
          return {
            text: JSON.stringify(request.draftOffline()),
            provider: "offline",
            model: "offline-test",
            usage: { inputTokens: 1, outputTokens: 1 },
            stopReason: "end_turn",
          };
        },
      };
      const run = runs.add(aRun());
      expect(await processJob({ ...deps, modelFor: async () => offline }, jobFor(run))).toEqual({
        kind: "done",
      });
      expect(JSON.stringify(runs.content.get(`content-${run.runId}`)?.body)).toMatch(
        /\[S1\].*\[S2\]|\[S2\].*\[S1\]/,
      );
      expect(runs.stored(run.runId).sources?.every((s) => s.cited)).toBe(true);
    });

    it("sends the job back, without asking the model, when the knowledge base cannot be searched", async () => {
      const { deps, runs, model, chunks, log } = await withKnowledge();
      chunks.failWith = new Error("search is down");
      const run = runs.add(aRun());
      const outcome = await processJob(deps, jobFor(run));
      expect(outcome.kind).toBe("retry");
      expect(model.requests).toHaveLength(0);
      expect(runs.stored(run.runId)).toMatchObject({ status: "queued" });
      expect(log.lines.find((l) => l.level === "warn")?.keys).toMatchObject({ correlationId: "corr-1" });
    });

    it("runs without sources, and records none, when the tenant has no documents (nothing searched)", async () => {
      const { deps, runs, model, script, chunks } = pipeline();
      chunks.failWith = new Error("a search was sent for a tenant without documents");
      const run = runs.add(aRun());
      script.push({ text: validAnswer(run) });
      expect(await processJob(deps, jobFor(run))).toEqual({ kind: "done" });
      expect(model.requests[0]?.messages[0]?.content).not.toContain("Sources:");
      expect(runs.stored(run.runId).sources).toBeUndefined();
    });
  });
});
