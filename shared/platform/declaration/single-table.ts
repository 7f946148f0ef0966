import type { TableDeclaration } from "./types.ts";

/**
 * The single table's layout, which the data kit's key builders assume: string keys `pk`/`sk`, three
 * generic indexes `gsi1`…`gsi3` (keys `gsiNpk`/`gsiNsk`), and `ttl` for expiry.
 */
export const SINGLE_TABLE = {
  name: "main",
  partitionKey: "pk",
  sortKey: "sk",
  globalIndexes: ["gsi1", "gsi2", "gsi3"],
  ttlAttribute: "ttl",
} as const satisfies TableDeclaration;
