import { describe, expect, it } from "vitest";
import type { Acting, AuditEntry } from "#shared/domain/audit/audit-entry";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { knowledgeDocumentInputSchema, MAX_BODY_BYTES } from "./document.ts";
import { KnowledgeDocumentNotFoundError, RetrievalUnavailableError } from "./errors.ts";
import { chunkId, indexKnowledgeDocument, removeKnowledgeDocument } from "./ingest.ts";
import { addKnowledgeDocument, deleteKnowledgeDocument, getKnowledgeDocument } from "./knowledge.ts";
import { briefText, citationsOf, citedLabels, retrieveSources } from "./retrieve.ts";
import {
  InMemoryChunkIndex,
  InMemoryKnowledgeDocuments,
  RecordedKnowledgeEvents,
  WordCountEmbedder,
} from "./testing/in-memory-knowledge.ts";

const A = parseTenantId("tenant-a0000001");
const B = parseTenantId("tenant-b0000001");
const meta: Acting = { actor: { userId: "user-1", role: "admin" }, ip: "192.0.2.1", correlationId: "corr-1" };

function knowledge() {
  const documents = new InMemoryKnowledgeDocuments();
  const events = new RecordedKnowledgeEvents();
  const chunks = new InMemoryChunkIndex();
  const embedder = new WordCountEmbedder();
  const entries: AuditEntry[] = [];
  const audit = {
    async record(entry: AuditEntry) {
      entries.push(entry);
      return String(entries.length);
    },
  };
  return { documents, events, chunks, embedder, audit, entries, ingest: { documents, chunks, embedder } };
}

const doc = (title: string, body: string) => ({ title, body, format: "markdown" as const });

describe("the knowledge document schema", () => {
  it("takes Markdown up to 1 MiB of UTF-8 and stores it with \\n line ends", () => {
    const parsed = knowledgeDocumentInputSchema.parse({
      ...doc("T", "a\r\nb\rc\td"),
      sourceUrl: "https://x.io/a",
    });
    expect(parsed.body).toBe("a\nb\nc\td");
    // 349,525 three-byte characters and one byte: 1 MiB exactly.
    expect(knowledgeDocumentInputSchema.safeParse(doc("T", `${"€".repeat(349_525)}a`)).success).toBe(true);
    expect(knowledgeDocumentInputSchema.safeParse(doc("T", `${"€".repeat(349_525)}ab`)).success).toBe(false);
    expect(MAX_BODY_BYTES).toBe(1_048_576);
  });

  it("refuses binary, blank bodies, long titles and URLs that are not http(s)", () => {
    const refused = [
      doc("T", "nul\u0000"),
      doc("T", "  \n "),
      doc("x".repeat(201), "body"),
      { ...doc("T", "body"), sourceUrl: "javascript:alert(1)" },
      { ...doc("T", "body"), sourceUrl: "https://user:pass@example.com/" },
      { ...doc("T", "body"), format: "html" },
    ];
    for (const input of refused) expect(knowledgeDocumentInputSchema.safeParse(input).success).toBe(false);
  });
});

describe("the knowledge use cases", () => {
  it("stores a document and announces it; deleting announces that too", async () => {
    const k = knowledge();
    const added = await addKnowledgeDocument(k, A, doc("Prices", "Lessons cost 30 euros."), meta);
    expect(await getKnowledgeDocument(k, A, added.documentId)).toMatchObject({
      body: "Lessons cost 30 euros.",
    });
    await deleteKnowledgeDocument(k, A, added.documentId, meta);
    expect(k.events.published.map((e) => e.kind)).toEqual(["added", "deleted"]);
    await expect(getKnowledgeDocument(k, A, added.documentId)).rejects.toBeInstanceOf(
      KnowledgeDocumentNotFoundError,
    );
  });

  it("audits who added and who deleted which document of which tenant, with its title", async () => {
    const k = knowledge();
    const added = await addKnowledgeDocument(k, A, doc("Prices", "Lessons cost 30 euros."), meta);
    const remover: Acting = { ...meta, actor: { userId: "user-2", role: "admin" }, correlationId: "corr-2" };
    await deleteKnowledgeDocument(k, A, added.documentId, remover);
    const entry = (type: AuditEntry["type"], acting: Acting): AuditEntry => ({
      type,
      tenantId: A,
      target: { tenantId: A },
      ...acting,
      details: { documentId: added.documentId, title: "Prices" },
    });
    expect(k.entries).toEqual([
      entry("knowledge.document-added", meta),
      entry("knowledge.document-deleted", remover),
    ]);
    expect(k.events.published.map((e) => e.meta)).toEqual([
      { correlationId: "corr-1", actorId: "user-1" },
      { correlationId: "corr-2", actorId: "user-2" },
    ]);
  });

  it("audits nothing when the document to delete is another tenant's", async () => {
    const k = knowledge();
    const added = await addKnowledgeDocument(k, A, doc("Prices", "Lessons cost 30 euros."), meta);
    await expect(deleteKnowledgeDocument(k, B, added.documentId, meta)).rejects.toBeInstanceOf(
      KnowledgeDocumentNotFoundError,
    );
    expect(k.entries.map((e) => e.type)).toEqual(["knowledge.document-added"]);
  });

  it("answers not found for another tenant's document, and deletes nothing of it", async () => {
    const k = knowledge();
    const added = await addKnowledgeDocument(k, A, doc("Prices", "Lessons cost 30 euros."), meta);
    await expect(getKnowledgeDocument(k, B, added.documentId)).rejects.toBeInstanceOf(
      KnowledgeDocumentNotFoundError,
    );
    await expect(deleteKnowledgeDocument(k, B, added.documentId, meta)).rejects.toBeInstanceOf(
      KnowledgeDocumentNotFoundError,
    );
    expect(k.events.published).toHaveLength(1);
  });
});

describe("indexing", () => {
  it("indexes each chunk once under ids derived from the document, however often it runs", async () => {
    const k = knowledge();
    const body = `# Prices\n\n${"Lessons cost thirty euros. ".repeat(300)}\n\n# Parking\n\nFree behind the building.`;
    const added = await k.documents.add(A, { ...doc("Guide", body), createdBy: "u" });
    const first = await indexKnowledgeDocument(k.ingest, A, added.documentId);
    const again = await indexKnowledgeDocument(k.ingest, A, added.documentId);
    expect(first).toEqual(again);
    expect(first.kind === "indexed" && first.chunks).toBeGreaterThan(2);
    expect(k.chunks.chunks.size).toBe(first.kind === "indexed" ? first.chunks : -1);
    const stored = k.chunks.chunks.get(`${A}/${chunkId(added.documentId, 0)}`);
    expect(stored).toMatchObject({
      title: "Guide",
      headingPath: ["Prices"],
      index: 0,
      embeddingModel: "word-count-test",
    });
  });

  it("removes what it wrote when the document was deleted meanwhile, and indexes nothing for a gone one", async () => {
    const k = knowledge();
    const added = await k.documents.add(A, { ...doc("Guide", "Parking is free."), createdBy: "u" });
    const deletingDocuments = {
      // The document is read for chunking, then gone by the time indexing checks again.
      get: async (tenantId: typeof A, id: string) => {
        const found = await k.documents.get(tenantId, id);
        await k.documents.remove(tenantId, id);
        return found;
      },
    };
    const outcome = await indexKnowledgeDocument(
      { ...k.ingest, documents: deletingDocuments },
      A,
      added.documentId,
    );
    expect(outcome).toEqual({ kind: "gone", removed: 1 });
    expect(k.chunks.chunks.size).toBe(0);
    expect(await indexKnowledgeDocument(k.ingest, A, added.documentId)).toEqual({ kind: "gone", removed: 0 });
  });

  it("removes only the deleted document's chunks of the tenant that deleted it", async () => {
    const k = knowledge();
    const mine = await k.documents.add(A, { ...doc("Guide", "Parking is free."), createdBy: "u" });
    const other = await k.documents.add(B, { ...doc("Guide", "Parking is free."), createdBy: "u" });
    await indexKnowledgeDocument(k.ingest, A, mine.documentId);
    await indexKnowledgeDocument(k.ingest, B, other.documentId);
    expect(await removeKnowledgeDocument(k.ingest, A, other.documentId)).toBe(0);
    expect(await removeKnowledgeDocument(k.ingest, A, mine.documentId)).toBe(1);
    expect([...k.chunks.chunks.values()].map((c) => c.tenantId)).toEqual([B]);
  });
});

describe("retrieval", () => {
  it("labels the best chunks S1, S2… and records which of them an answer cites", async () => {
    const k = knowledge();
    for (const [title, body] of [
      ["Prices", "Lessons cost thirty euros."],
      ["Parking", "Parking is free behind the building."],
    ]) {
      const added = await k.documents.add(A, { ...doc(title ?? "", body ?? ""), createdBy: "u" });
      await indexKnowledgeDocument(k.ingest, A, added.documentId);
    }
    const sources = await retrieveSources(k, A, "what do lessons cost", 2);
    expect(sources.map((s) => [s.label, s.title])).toEqual([
      ["S1", "Prices"],
      ["S2", "Parking"],
    ]);
    const citations = citationsOf(sources, { body: "Thirty euros a lesson [S1]." });
    expect(citations.map((c) => c.cited)).toEqual([true, false]);
    expect(await retrieveSources(k, B, "what do lessons cost")).toEqual([]);
  });

  it("turns a failed search into a RetrievalUnavailableError, and asks nothing for an empty brief", async () => {
    const k = knowledge();
    await k.documents.add(A, { ...doc("Prices", "Lessons cost thirty euros."), createdBy: "u" });
    k.chunks.failWith = new Error("down");
    await expect(retrieveSources(k, A, "lessons")).rejects.toBeInstanceOf(RetrievalUnavailableError);
    expect(await retrieveSources(k, A, "  ")).toEqual([]);
  });

  it("neither embeds nor searches for a tenant without documents, and fails as unavailable when it cannot tell", async () => {
    const k = knowledge();
    await k.documents.add(B, { ...doc("Prices", "Lessons cost thirty euros."), createdBy: "u" });
    const embedded: string[] = [];
    const embedder = {
      model: k.embedder.model,
      dimensions: k.embedder.dimensions,
      embed: async (texts: readonly string[]) => {
        embedded.push(...texts);
        return k.embedder.embed(texts);
      },
    };
    k.chunks.failWith = new Error("a search was sent");
    expect(await retrieveSources({ ...k, embedder }, A, "what do lessons cost")).toEqual([]);
    expect(embedded).toEqual([]);

    const unreadable = {
      hasDocuments: async () => {
        throw new Error("table unavailable");
      },
    };
    await expect(retrieveSources({ ...k, documents: unreadable }, A, "lessons")).rejects.toBeInstanceOf(
      RetrievalUnavailableError,
    );
  });

  it("reads every string of a brief as the query, and citations in either style", () => {
    expect(
      briefText({ topic: "Spring", keywords: ["lessons", "offer"], length: 3, nested: { a: "x" } }),
    ).toBe("Spring\nlessons\noffer\nx");
    expect([...citedLabels({ a: "One [S1][S3].", b: ["Two [S2, S4]"] })].sort()).toEqual([
      "S1",
      "S2",
      "S3",
      "S4",
    ]);
  });
});
