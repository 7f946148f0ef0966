/**
 * The knowledge base end to end on the local cloud, as a tenant uses it: a document added through the
 * API is chunked, embedded and indexed by the indexer on the bus; an agent's run then retrieves it for
 * its brief, its prompt numbers it, the (offline) model cites it, and the run and the content version
 * record the source; the content the run wrote is found by search. The cloud uses the run's shared
 * OpenSearch node by default and creates its stage's indexes as it starts.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import type { SourceCitationView } from "#shared/contracts/knowledge-views";
import { SEARCH_NODE_HOOK_TIMEOUT_MS } from "./search/search-node.ts";
import { callApi, eventually } from "./support.ts";

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ stage: `c${randomUUID().slice(0, 8)}`, log: consoleLog("error") });
}, SEARCH_NODE_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await cloud?.stop();
});

interface RunAnswer {
  runId: string;
  status: string;
  contentId?: string;
  sources?: SourceCitationView[];
  failure?: unknown;
}

describe("a knowledge document grounding an agent's run", () => {
  it("is retrieved for the brief, cited by the run and its content, and the content is found by search", async () => {
    const registered = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/register", {
      body: {
        tenantName: "Harbour Yoga",
        name: "Owner",
        email: `owner.${randomUUID()}@example.com`,
        password: "correct horse battery staple",
      },
    });
    expect(registered.status, registered.text).toBe(201);
    const token = registered.json.accessToken;

    const added = await callApi<{ documentId: string }>(cloud, "POST", "/api/tenant/v1/knowledge", {
      token,
      body: {
        title: "Sunrise flow price list",
        format: "markdown",
        body: "# Sunrise flow\n\nThe sunrise flow class runs at 6:30 on weekdays by the harbour and costs 12 pounds; a ten-class pass costs 100 pounds.",
        sourceUrl: "https://harbour-yoga.example/prices",
      },
    });
    expect(added.status, added.text).toBe(201);
    const { documentId } = added.json;

    // The chunks are searchable once the search indexer has handled the document.
    await eventually(async () => {
      const counted = await fetch(`${cloud.urls.search}/${cloud.stage}-knowledge-chunks/_count`);
      const { count } = (await counted.json()) as { count: number };
      expect(count).toBeGreaterThan(0);
    }, "the document's chunks");

    const started = await callApi<{ runId: string }>(
      cloud,
      "POST",
      "/api/tenant/v1/agents/strategy-writer/runs",
      { token, body: { input: { period: "2027-Q1", focus: "Sell more sunrise flow class passes" } } },
    );
    expect(started.status, started.text).toBe(202);
    const run = await eventually(async () => {
      const answer = await callApi<RunAnswer>(cloud, "GET", `/api/tenant/v1/runs/${started.json.runId}`, {
        token,
      });
      expect(answer.status).toBe(200);
      expect(answer.json.status, JSON.stringify(answer.json.failure)).toMatch(/succeeded|failed/);
      return answer.json;
    }, "the run");
    expect(run.status, JSON.stringify(run.failure)).toBe("succeeded");

    const cited = (run.sources ?? []).filter((s) => s.documentId === documentId);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited[0]).toMatchObject({
      title: "Sunrise flow price list",
      sourceUrl: "https://harbour-yoga.example/prices",
      cited: true,
    });
    expect(cited[0]?.chunkId.startsWith(documentId)).toBe(true);

    const contentId = run.contentId;
    expect(contentId).toEqual(expect.any(String));
    const content = await callApi<{
      versions: { source: { kind: string; sources?: SourceCitationView[] } }[];
    }>(cloud, "GET", `/api/tenant/v1/content/${contentId}`, { token });
    expect(content.status, content.text).toBe(200);
    const latest = content.json.versions.at(-1);
    expect(latest?.source.sources?.map((s) => s.documentId)).toContain(documentId);

    // The run's content is found by search, typo and all.
    const found = await eventually(async () => {
      const answer = await callApi<{ items: { type: string; id: string }[] }>(
        cloud,
        "GET",
        `/api/tenant/v1/search?q=${encodeURIComponent("sunrize")}`,
        { token },
      );
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json.items.map((item) => item.id)).toContain(contentId);
      return answer.json;
    }, "the content in search");
    expect(found.items.find((item) => item.id === contentId)?.type).toBe("content");
  });
});
