import { englishText, shardSettings, tenancyFields, textAnalysis } from "./analysis.ts";
import type { IndexDefinition } from "./index-definition.ts";

/**
 * Everything a tenant owns that a person searches for, one document per item with a `type`: content
 * items, agent runs, the brand profile, knowledge documents.
 */
export const contentIndexV1 = {
  name: "content",
  version: 1,
  settings: { ...shardSettings, ...textAnalysis },
  mappings: {
    dynamic: "strict",
    properties: {
      ...tenancyFields,
      type: { type: "keyword" },
      itemId: { type: "keyword" },
      kind: { type: "keyword" },
      status: { type: "keyword" },
      title: englishText,
      body: { type: "text", analyzer: "text_en" },
      createdAt: { type: "date" },
      updatedAt: { type: "date" },
    },
  },
} as const satisfies IndexDefinition;
