/**
 * The analysis every text index shares: English stemming with ASCII folding, so "Café" finds "cafe"
 * and "campaigns" finds "campaign". An index definition spreads these settings into its own.
 */
export const textAnalysis = {
  analysis: {
    filter: {
      english_stop: { type: "stop", stopwords: "_english_" },
      english_stemmer: { type: "stemmer", language: "english" },
      english_possessive_stemmer: { type: "stemmer", language: "possessive_english" },
    },
    analyzer: {
      text_en: {
        type: "custom",
        tokenizer: "standard",
        filter: [
          "english_possessive_stemmer",
          "lowercase",
          "asciifolding",
          "english_stop",
          "english_stemmer",
        ],
      },
    },
    normalizer: {
      folded: { type: "custom", filter: ["lowercase", "asciifolding"] },
    },
  },
} as const;

/** A full-text field analysed in English, with an exact, folded `raw` keyword beside it for sorting. */
export const englishText = {
  type: "text",
  analyzer: "text_en",
  fields: { raw: { type: "keyword", normalizer: "folded", ignore_above: 256 } },
} as const;

/**
 * The fields every index has, set by the store itself: the owning tenant (filtered on by every query)
 * and the document's key within the index (the pagination tiebreak).
 */
export const tenancyFields = {
  tenantId: { type: "keyword" },
  docKey: { type: "keyword" },
} as const;

/**
 * Shard settings every index has. One primary shard suits the corpus of a tenant-routed index until
 * it passes tens of gigabytes; replicas expand to what the cluster can hold (none on a one-node local
 * cluster, so it is green, one on a multi-AZ domain).
 */
export const shardSettings = {
  number_of_shards: 1,
  auto_expand_replicas: "0-1",
} as const;
