import { describe, expect, it } from "vitest";
import {
  InMemoryChunkIndex,
  InMemoryKnowledgeDocuments,
  WordCountEmbedder,
} from "#shared/domain/knowledge/testing/in-memory-knowledge";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { applyPlan, documentPlan } from "./index-plan.ts";
import { knowledgePlan } from "./sources/knowledge.source.ts";
import { recordingIndex } from "./testing/recording-index.ts";

const TENANT = parseTenantId("t-plan");

function world() {
  const documents = new InMemoryKnowledgeDocuments();
  const chunks = new InMemoryChunkIndex();
  const index = recordingIndex();
  const { writes } = index;
  const deps = { index, knowledge: { documents, embedder: new WordCountEmbedder(), chunks } };
  return { documents, chunks, writes, deps };
}

describe("a knowledge document's plan", () => {
  it("writes its search document (type knowledge, its format as the kind) and indexes its chunks", async () => {
    const { documents, chunks, writes, deps } = world();
    const added = await documents.add(TENANT, {
      title: "Price list",
      body: "# Prices\n\nA lesson costs 30 euros.",
      format: "markdown",
      createdBy: "u-1",
    });
    const plan = await knowledgePlan(deps.knowledge, TENANT, added.documentId);
    const outcome = await applyPlan(deps, TENANT, plan);
    expect(outcome).toEqual({ document: "written", chunks: { kind: "indexed", chunks: 1 } });
    expect(writes).toEqual([
      [
        "put",
        {
          id: `knowledge:${added.documentId}`,
          version: Date.parse(added.createdAt),
          fields: {
            type: "knowledge",
            itemId: added.documentId,
            kind: "markdown",
            status: "active",
            title: "Price list",
            body: "# Prices\n\nA lesson costs 30 euros.",
            createdAt: added.createdAt,
            updatedAt: added.createdAt,
          },
        },
      ],
    ]);
    expect(chunks.chunks.size).toBe(1);
  });

  it("once the document is deleted, removes its search document whatever its version, and its chunks", async () => {
    const { documents, chunks, writes, deps } = world();
    const added = await documents.add(TENANT, {
      title: "Hours",
      body: "Open at nine.",
      format: "text",
      createdBy: "u-1",
    });
    await applyPlan(deps, TENANT, await knowledgePlan(deps.knowledge, TENANT, added.documentId));
    await documents.remove(TENANT, added.documentId);
    const outcome = await applyPlan(
      deps,
      TENANT,
      await knowledgePlan(deps.knowledge, TENANT, added.documentId),
    );
    expect(outcome).toEqual({ document: "removed", chunks: { kind: "gone", removed: 1 } });
    expect(writes.at(-1)).toEqual(["remove", `knowledge:${added.documentId}`, undefined]);
    expect(chunks.chunks.size).toBe(0);
  });
});

describe("a plan of a search document alone", () => {
  it("touches no chunks, and does nothing for an item that does not exist", async () => {
    const { writes, deps } = world();
    expect(await applyPlan(deps, TENANT, await documentPlan(Promise.resolve(undefined)))).toEqual({
      document: "nothing",
    });
    expect(writes).toEqual([]);
  });
});
