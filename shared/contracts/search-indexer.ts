/**
 * The search indexer: the event rule that sends it every event that changes something searchable,
 * and how those events are read off the bus. The rule's pattern is built from `indexedEvents`, and
 * the indexer's dispatch table (`functions/search-indexer/dispatch.ts`) has an entry for each (a test
 * holds them together), so indexing another source is one entry in each.
 */
import type { EventRuleDeclaration } from "#shared/platform/declaration/types";
import { AGENT_EVENT_SOURCE, agentCompleted, agentFailed } from "./agent-pipeline.ts";
import { BRAND_EVENT_SOURCE, brandAccepted } from "./brand-events.ts";
import { CONTENT_EVENT_SOURCE, contentStatusChanged } from "./content-events.ts";
import type { EventDefinition } from "./event-definition.ts";
import {
  KNOWLEDGE_EVENT_SOURCE,
  knowledgeDocumentAdded,
  knowledgeDocumentDeleted,
} from "./knowledge-events.ts";
import { tenantEventOnTheBus } from "./tenant-event.ts";

/** Every event the indexer takes, with the source that publishes it. */
export const indexedEvents = [
  { source: CONTENT_EVENT_SOURCE, event: contentStatusChanged },
  { source: AGENT_EVENT_SOURCE, event: agentCompleted },
  { source: AGENT_EVENT_SOURCE, event: agentFailed },
  { source: BRAND_EVENT_SOURCE, event: brandAccepted },
  { source: KNOWLEDGE_EVENT_SOURCE, event: knowledgeDocumentAdded },
  { source: KNOWLEDGE_EVENT_SOURCE, event: knowledgeDocumentDeleted },
] as const satisfies readonly { source: string; event: EventDefinition }[];

/** The pattern of the rule: each source with its indexed detail types. */
function patternOf(events: readonly { source: string; event: EventDefinition }[]): Record<string, unknown> {
  const bySource = new Map<string, string[]>();
  for (const { source, event } of events)
    bySource.set(source, [...(bySource.get(source) ?? []), event.detailType]);
  return {
    $or: [...bySource].map(([source, types]) => ({ source: [source], "detail-type": types })),
  };
}

export const searchIndexerRule = {
  name: "search-indexer",
  description:
    "Keeps the search index in step with what tenants own: reads each changed item's current state from the table and indexes it (external versions, so an old or repeated event changes nothing), or removes it; a knowledge document's chunks are chunked, embedded and indexed with it, or removed once it is deleted.",
  pattern: patternOf(indexedEvents),
  target: {
    entry: "functions/search-indexer/handler.ts",
    // A 1 MiB knowledge document is about 330 chunks: embedded 32 at a time (a few seconds on Bedrock each).
    timeoutSeconds: 300,
    memoryMb: 512,
    // `models`: the embedding model of the stage's model configuration, for the knowledge chunks.
    bindings: { table: "read", search: "readwrite", models: true },
  },
} as const satisfies EventRuleDeclaration;

/** An event as EventBridge hands it to the indexer, its `detail.data` still to be read by type. */
export const indexerEvent = tenantEventOnTheBus;
