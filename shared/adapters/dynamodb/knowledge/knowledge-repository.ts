/**
 * A tenant's knowledge documents in the single table, under the tenant's partition:
 *
 * - `KNOWLEDGE#<documentId>` — the document's facts (title, format, source URL, size, author);
 *   listings read only these.
 * - `KNOWLEDGE_PART#<documentId>.0000`, `.0001`, … — the body, cut into parts of at most
 *   {@link PART_BYTES} bytes of UTF-8.
 * - `KNOWLEDGE_STATS#all` — how many documents the tenant has, kept by the same transactions that
 *   add and delete documents; absent until the first document. An add's transaction also holds the
 *   tenant to its most documents, on the same item. Adds and deletes of one tenant
 *   therefore meet on this item: two at the same instant conflict, and the kit runs the loser's
 *   transaction again (`write-retry.ts`). Documents stored before the count existed are counted once
 *   by `npm run ops -- count-knowledge` (`setDocumentCount`). An agent run asks
 *   it whether there is anything to retrieve, in the round trip that reads the brand (one key each).
 *
 * Why parts: a body may be 1 MiB, and a DynamoDB item at most 400 KB. The platform has no object
 * store, and a bucket only for this would add a second store to keep tenant-scoped, encrypted,
 * granted and cleaned up. Five items at most, written in one transaction (4 MB at most) and deleted
 * in one, keep a document whole or absent, and tenant-scoped by the same keys as everything else.
 */

import { ulid } from "#shared/adapters/ulid";
import {
  type KnowledgeDocument,
  type KnowledgeFormat,
  MAX_KNOWLEDGE_DOCUMENTS,
} from "#shared/domain/knowledge/document";
import { KnowledgeLimitReachedError } from "#shared/domain/knowledge/errors";
import type { KnowledgeRepository } from "#shared/domain/knowledge/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Stored } from "../item.ts";
import type { SingleTable } from "../table.ts";

const DOCUMENT = "KNOWLEDGE";
const PART = "KNOWLEDGE_PART";
const STATS = "KNOWLEDGE_STATS";
const STATS_ID = "all";
/** Bytes of body per item: well under the 400 KB item limit, with room for keys and bookkeeping. */
export const PART_BYTES = 256 * 1024;

interface DocumentRecord {
  documentId: string;
  title: string;
  format: KnowledgeFormat;
  sourceUrl?: string;
  bytes: number;
  parts: number;
  createdBy: string;
}

interface StatsRecord {
  documents: number;
}

interface PartRecord {
  documentId: string;
  text: string;
}

const partId = (documentId: string, part: number) => `${documentId}.${String(part).padStart(4, "0")}`;

/**
 * `text` cut into pieces of at most `maxBytes` bytes of UTF-8, never inside a character (a surrogate
 * pair stays whole), in order; their concatenation is `text`.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0;
    const units = code > 0xffff ? 2 : 1;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) {
      parts.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  if (start < text.length || parts.length === 0) parts.push(text.slice(start));
  return parts;
}

function documentOf(item: Stored<DocumentRecord>): KnowledgeDocument {
  return {
    documentId: item.documentId,
    title: item.title,
    format: item.format,
    ...(item.sourceUrl ? { sourceUrl: item.sourceUrl } : {}),
    bytes: item.bytes,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
  };
}

/** The entity of documents and of the count, for the one-off recount (`scripts/ops/count-knowledge.ts`). */
export const KNOWLEDGE_ENTITIES = { document: DOCUMENT, count: STATS } as const;

/**
 * Sets a tenant's document count to `documents`, as counted by an operator's recount. Only the recount
 * calls this; adds and deletes keep the count themselves.
 */
export async function setDocumentCount(
  table: SingleTable,
  tenantId: TenantId,
  documents: number,
): Promise<void> {
  await table.forTenant(tenantId).updateWhere(STATS, STATS_ID, { set: { documents } }, { upsert: true });
}

export function createKnowledgeRepository(table: SingleTable): KnowledgeRepository {
  const scope = (tenantId: TenantId) => table.forTenant(tenantId);
  return {
    async add(tenantId, input) {
      const documentId = ulid();
      const parts = splitUtf8(input.body, PART_BYTES);
      const record: DocumentRecord = {
        documentId,
        title: input.title,
        format: input.format,
        ...(input.sourceUrl ? { sourceUrl: input.sourceUrl } : {}),
        bytes: Buffer.byteLength(input.body, "utf8"),
        parts: parts.length,
        createdBy: input.createdBy,
      };
      const tenant = scope(tenantId);
      await table.transact([
        tenant.createOp(DOCUMENT, documentId, record),
        ...parts.map((text, i) =>
          tenant.createOp<PartRecord>(PART, partId(documentId, i), { documentId, text }),
        ),
        tenant.updateWhereOp(
          STATS,
          STATS_ID,
          { add: { documents: 1 } },
          {
            upsert: true,
            // Absent before the first document (and for documents stored before the count existed).
            guard: {
              expression: "attribute_not_exists(#gd) OR #gd < :gmax",
              names: { "#gd": "documents" },
              values: { ":gmax": MAX_KNOWLEDGE_DOCUMENTS },
            },
            onConditionFailed: () => new KnowledgeLimitReachedError(MAX_KNOWLEDGE_DOCUMENTS),
          },
        ),
      ]);
      const stored = await tenant.get<DocumentRecord>(DOCUMENT, documentId, { consistent: true });
      if (!stored) throw new Error(`Knowledge document ${documentId} is missing right after it was written`);
      return documentOf(stored);
    },

    async get(tenantId, documentId) {
      const tenant = scope(tenantId);
      const item = await tenant.get<DocumentRecord>(DOCUMENT, documentId, { consistent: true });
      if (!item) return undefined;
      const refs = Array.from({ length: item.parts }, (_, i) => tenant.ref(PART, partId(documentId, i)));
      const parts = (await table.getMany(refs, { consistent: true })) as (Stored<PartRecord> | undefined)[];
      // Parts are written and deleted with the document in one transaction: a missing one is a fault.
      const body = parts.map((part, i) => {
        if (!part) throw new Error(`Part ${i} of knowledge document ${documentId} is missing`);
        return part.text;
      });
      return { ...documentOf(item), body: body.join("") };
    },

    async list(tenantId, page) {
      const listed = await scope(tenantId).list<DocumentRecord>(DOCUMENT, {
        limit: page.limit,
        cursor: page.cursor,
        order: "desc",
      });
      return {
        items: listed.items.map(documentOf),
        ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}),
      };
    },

    async hasDocuments(tenantId) {
      const stats = await scope(tenantId).get<StatsRecord>(STATS, STATS_ID, { consistent: true });
      return (stats?.documents ?? 0) > 0;
    },

    async remove(tenantId, documentId) {
      const tenant = scope(tenantId);
      const item = await tenant.get<DocumentRecord>(DOCUMENT, documentId, { consistent: true });
      if (!item) return undefined;
      await table.transact([
        // Guarded by the version read: a concurrent delete of the same document fails as stale.
        tenant.deleteOp(DOCUMENT, documentId, { expectedVersion: item.version }),
        ...Array.from({ length: item.parts }, (_, i) => tenant.deleteOp(PART, partId(documentId, i))),
        tenant.updateWhereOp(STATS, STATS_ID, { add: { documents: -1 } }, { upsert: true }),
      ]);
      return documentOf(item);
    },
  };
}
