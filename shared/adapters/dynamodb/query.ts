import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { CursorCodec, KeyAttributes } from "./cursor.ts";
import { type IndexName, type Stored, strip } from "./item.ts";

export interface Page<T> {
  items: Stored<T>[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface ListOptions {
  /** @default 25 */
  limit?: number;
  cursor?: string;
  /** @default "asc" */
  order?: "asc" | "desc";
  /** Only sort keys that begin with this (within the listing). */
  sortPrefix?: string;
  /**
   * Only sort keys between these two, both included (each after `sortPrefix`): a date range over
   * keys that begin with a date or a ULID.
   */
  between?: { from: string; to: string };
}

/** The key condition of a sort key: a prefix, or a range within the prefix. */
function sortCondition(
  skName: string,
  prefix: string,
  between: ListOptions["between"],
): { condition: string; values: Record<string, string>; accepts: (sk: string) => boolean; name: string } {
  if (between) {
    const lo = prefix + between.from;
    const hi = prefix + between.to;
    return {
      condition: `${skName} BETWEEN :lo AND :hi`,
      values: { ":lo": lo, ":hi": hi },
      accepts: (sk) => sk >= lo && sk <= hi,
      name: `${prefix}[${between.from}..${between.to}]`,
    };
  }
  // DynamoDB refuses an empty string in a key condition, so no prefix means no sort-key condition.
  return prefix
    ? {
        condition: `begins_with(${skName}, :prefix)`,
        values: { ":prefix": prefix },
        accepts: (sk) => sk.startsWith(prefix),
        name: prefix,
      }
    : { condition: "", values: {}, accepts: () => true, name: "" };
}

/**
 * One listing: which partition it reads and how it recognises a key of its own. `name` binds its
 * cursors to it, so a cursor of another listing (another tenant, entity, index or prefix) is refused.
 */
export interface Listing {
  name: string;
  index?: IndexName;
  keyCondition: string;
  values: Record<string, string>;
  isValidKey: (key: KeyAttributes) => boolean;
}

/** The items of a base-table partition whose sort keys begin with `prefix`. */
export function partitionListing(
  name: string,
  pk: string,
  prefix: string,
  between?: ListOptions["between"],
): Listing {
  const sort = sortCondition("sk", prefix, between);
  return {
    name: `${name}|base|${sort.name}`,
    keyCondition: sort.condition ? `pk = :pk AND ${sort.condition}` : "pk = :pk",
    values: { ":pk": pk, ...sort.values },
    isValidKey: (k) =>
      Object.keys(k).length === 2 && k.pk === pk && typeof k.sk === "string" && sort.accepts(k.sk),
  };
}

/** The items of an index partition whose index sort keys begin with `prefix` (`partition` names it). */
export function indexListing(
  name: string,
  index: IndexName,
  partition: string,
  pk: string,
  prefix: string,
  between?: ListOptions["between"],
): Listing {
  const pkName = `${index}pk`;
  const skName = `${index}sk`;
  const sort = sortCondition(skName, prefix, between);
  return {
    name: `${name}|${index}|${partition}|${sort.name}`,
    index,
    keyCondition: sort.condition ? `${pkName} = :pk AND ${sort.condition}` : `${pkName} = :pk`,
    values: { ":pk": pk, ...sort.values },
    isValidKey: (k) =>
      Object.keys(k).length === 4 &&
      k[pkName] === pk &&
      typeof k[skName] === "string" &&
      sort.accepts(k[skName]) &&
      typeof k.pk === "string" &&
      typeof k.sk === "string",
  };
}

/**
 * One page of a listing, at most 100 items, starting where `options.cursor` (checked against the
 * listing and the order) left off; the next cursor is signed for the same listing and order.
 */
export async function queryPage<T extends object>(
  doc: DynamoDBDocumentClient,
  target: { tableName: string; cursors: (() => Promise<CursorCodec>) | undefined },
  listing: Listing,
  options: ListOptions,
): Promise<Page<T>> {
  if (!target.cursors) throw new Error("This table was built without a cursor key, so it cannot list");
  const cursors = await target.cursors();
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100);
  const scope = `${listing.name}|${options.order ?? "asc"}`;
  const start = options.cursor ? cursors.decode(scope, options.cursor, listing.isValidKey) : undefined;
  const result = await doc.send(
    new QueryCommand({
      TableName: target.tableName,
      IndexName: listing.index,
      KeyConditionExpression: listing.keyCondition,
      ExpressionAttributeValues: listing.values,
      ExclusiveStartKey: start,
      Limit: limit,
      ScanIndexForward: options.order !== "desc",
    }),
  );
  const items = (result.Items ?? []).map((item) => strip<T>(item));
  const last = result.LastEvaluatedKey as KeyAttributes | undefined;
  return last ? { items, nextCursor: cursors.encode(scope, last) } : { items };
}

/**
 * Several index partitions read as one listing, e.g. a queue kept per tenant and read across a
 * reviewer's tenants. The partitions share one sort-key space in which a key is unique across all of
 * them (it names its partition, e.g. `<time>:<tenantId>:<id>`), so "after this key" means the same in
 * each (keys are ASCII, so the merge's string order is DynamoDB's byte order). The position is a
 * sort key, not a partition's `ExclusiveStartKey`, so a cursor stays good when the set of partitions
 * changes between pages.
 */
export interface MergedListing {
  /** Binds cursors to this listing: a cursor of another listing is refused. */
  name: string;
  index: IndexName;
  /** Full index partition keys (the scope's prefix applied). */
  pks: readonly string[];
}

/**
 * One page of a merged listing in ascending sort-key order: the first `limit` (at most 100) items
 * across the partitions after the cursor's position, and never past where a partition's Query
 * stopped. Each partition is one Query (in parallel) for at most `limit` items after that position,
 * so a page costs as many Query pages as partitions. The next cursor is the page's last sort key,
 * signed for the listing; it is absent once every partition is read to its end.
 */
export async function mergedIndexPage<T extends object>(
  doc: DynamoDBDocumentClient,
  target: { tableName: string; cursors: (() => Promise<CursorCodec>) | undefined },
  listing: MergedListing,
  options: Pick<ListOptions, "limit" | "cursor">,
): Promise<Page<T>> {
  if (!target.cursors) throw new Error("This table was built without a cursor key, so it cannot list");
  const cursors = await target.cursors();
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100);
  const skName = `${listing.index}sk`;
  const scope = `${listing.name}|${listing.index}|merged|asc`;
  const isPosition = (k: KeyAttributes) => Object.keys(k).length === 1 && typeof k[skName] === "string";
  const after = options.cursor ? cursors.decode(scope, options.cursor, isPosition)[skName] : undefined;
  const pages = await Promise.all(
    listing.pks.map((pk) =>
      doc.send(
        new QueryCommand({
          TableName: target.tableName,
          IndexName: listing.index,
          KeyConditionExpression:
            after === undefined
              ? `${listing.index}pk = :pk`
              : `${listing.index}pk = :pk AND ${skName} > :after`,
          ExpressionAttributeValues: after === undefined ? { ":pk": pk } : { ":pk": pk, ":after": after },
          Limit: limit,
        }),
      ),
    ),
  );
  const sortKey = (item: Record<string, unknown>) => item[skName] as string;
  // A partition that stopped (at `limit`, or at DynamoDB's 1 MB a page) was read only up to its last
  // key: nothing after the lowest such key may be shown yet, or that partition's unread items before
  // it would be skipped for good once the cursor moves past them.
  const stops = pages.flatMap((page) =>
    page.LastEvaluatedKey ? [page.LastEvaluatedKey[skName] as string] : [],
  );
  const bound: string | undefined = stops.sort()[0];
  const merged = pages
    .flatMap((page) => page.Items ?? [])
    .filter((item) => bound === undefined || sortKey(item) <= bound)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const items = merged.slice(0, limit);
  const last = items.at(-1);
  const more = merged.length > limit || bound !== undefined;
  return {
    items: items.map((item) => strip<T>(item)),
    ...(more && last ? { nextCursor: cursors.encode(scope, { [skName]: sortKey(last) }) } : {}),
  };
}
