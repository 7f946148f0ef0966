/**
 * Reads of several items in one round trip (`BatchGetItem`), whatever scopes they belong to: each
 * item is named by an `ItemRef` that only a scope builds (`Scope.ref`), so its key carries the tenant
 * (or the platform prefix) exactly as that scope's `get` would, and a batch cannot address an item a
 * scope could not.
 *
 * DynamoDB may answer part of a batch and hand the rest back as `UnprocessedKeys` (throttling, or a
 * response over 16 MB); the SDK does not retry those. They are asked for again under
 * `BATCH_GET_POLICY`, a few times with jittered backoff; a remainder still unanswered then is the same
 * failure a throttled read gives: an error thrown (`DependencyUnavailableError`), never an item
 * reported missing.
 *
 * Single reads issued in the same turn of the event loop share a round trip too (`GetCoalescer`).
 */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { DependencyUnavailableError } from "#shared/domain/errors";
import type { KeyAttributes } from "./cursor.ts";

declare const issuedByScope: unique symbol;

/** One item's address, built only by a scope (`Scope.ref`). */
export interface ItemRef {
  readonly key: Readonly<KeyAttributes>;
  readonly [issuedByScope]: true;
}

/** Brands a key a scope built. Only `Scope` calls this. */
export function itemRef(key: KeyAttributes): ItemRef {
  return { key } as ItemRef;
}

export interface BatchGetPolicy {
  /** Requests for one set of keys in all, the first included. */
  attempts: number;
  /** The wait before retry `retry` (1 for the first retry), in milliseconds. */
  delayMs: (retry: number) => number;
}

/**
 * Four requests, full jitter below 25 ms × 2ⁿ (below 50, 100, 200 ms: under 350 ms in all) — a
 * read on a request path, the authorizer's among them, waits no longer than that before failing.
 */
export const BATCH_GET_POLICY: BatchGetPolicy = {
  attempts: 4,
  delayMs: (retry) => Math.random() * 25 * 2 ** retry,
};

/** `BatchGetItem` takes at most 100 keys per request. */
const MAX_KEYS = 100;

const identity = (key: Readonly<KeyAttributes>) => `${key.pk}\u0000${key.sk}`;

/**
 * The items `refs` name, in the same order, `undefined` for each that does not exist. Repeated refs
 * are read once (DynamoDB refuses duplicate keys in a batch).
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  refs: readonly ItemRef[],
  options: { consistent?: boolean; policy?: BatchGetPolicy } = {},
): Promise<(Record<string, unknown> | undefined)[]> {
  const { items, unanswered } = await readBatch(doc, tableName, refs, options);
  if (unanswered.size > 0) throw busy(unanswered.size);
  return items;
}

/** What a batch answered, per ref; keys still unprocessed after the policy's requests apart. */
interface BatchAnswer {
  items: (Record<string, unknown> | undefined)[];
  /** Identities (`identity`) of the keys DynamoDB left unprocessed every time. */
  unanswered: ReadonlySet<string>;
}

/** The same failure a throttled read gives: never an item reported missing. */
function busy(unanswered: number): DependencyUnavailableError {
  return new DependencyUnavailableError("The database is busy; retry shortly", {
    cause: new Error(`${unanswered} key(s) still unprocessed after the batch read's retries`),
  });
}

async function readBatch(
  doc: DynamoDBDocumentClient,
  tableName: string,
  refs: readonly ItemRef[],
  options: { consistent?: boolean; policy?: BatchGetPolicy },
): Promise<BatchAnswer> {
  const unique = new Map(refs.map((ref) => [identity(ref.key), ref.key]));
  const found = new Map<string, Record<string, unknown>>();
  const unanswered = new Set<string>();
  const keys = [...unique.values()];
  for (let start = 0; start < keys.length; start += MAX_KEYS) {
    const chunk = keys.slice(start, start + MAX_KEYS);
    const answer = await readAll(doc, tableName, chunk, options);
    for (const item of answer.items) found.set(identity(item as KeyAttributes), item);
    for (const key of answer.unprocessed) unanswered.add(identity(key as KeyAttributes));
  }
  return { items: refs.map((ref) => found.get(identity(ref.key))), unanswered };
}

async function readAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Readonly<KeyAttributes>[],
  options: { consistent?: boolean; policy?: BatchGetPolicy },
): Promise<{ items: Record<string, unknown>[]; unprocessed: Record<string, unknown>[] }> {
  const policy = options.policy ?? BATCH_GET_POLICY;
  const items: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] = keys.map((key) => ({ ...key }));
  for (let attempt = 1; ; attempt++) {
    const answer = await doc.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) },
        },
      }),
    );
    items.push(...(answer.Responses?.[tableName] ?? []));
    pending = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
    if (pending.length === 0 || attempt >= policy.attempts) return { items, unprocessed: pending };
    await new Promise((resolve) => setTimeout(resolve, policy.delayMs(attempt)));
  }
}

/** A read waiting for the round trip it shares. */
interface WaitingGet {
  ref: ItemRef;
  resolve(item: Record<string, unknown> | undefined): void;
  reject(error: unknown): void;
}

/**
 * Every scope's `get`: reads issued in the same turn of the event loop — a job's independent reads,
 * the jobs of one batch reaching the same step together — go out in one round trip when the turn
 * ends. A lone key is one `GetItem`, as a read on its own always was; two or more share a
 * `BatchGetItem`, each key read once. Consistent and eventually consistent reads wait apart (a batch
 * has one setting for the table). A consistent read still sees every write acknowledged before its
 * caller asked: the request leaves after every caller in it has asked. A failed request fails every
 * read that waited on it, as each would have failed on its own; a key DynamoDB leaves unprocessed
 * through every retry fails only its own readers (`DependencyUnavailableError`).
 */
export class GetCoalescer {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #waiting = new Map<boolean, WaitingGet[]>();

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.#doc = doc;
    this.#tableName = tableName;
  }

  get(ref: ItemRef, consistent: boolean): Promise<Record<string, unknown> | undefined> {
    return new Promise((resolve, reject) => {
      let batch = this.#waiting.get(consistent);
      if (!batch) {
        const reads: WaitingGet[] = [];
        batch = reads;
        this.#waiting.set(consistent, reads);
        setImmediate(() => {
          this.#waiting.delete(consistent);
          void this.#send(reads, consistent);
        });
      }
      batch.push({ ref, resolve, reject });
    });
  }

  async #send(reads: readonly WaitingGet[], consistent: boolean): Promise<void> {
    let answer: BatchAnswer;
    try {
      answer = await this.#read(reads, consistent);
    } catch (error) {
      for (const read of reads) read.reject(error);
      return;
    }
    // Readers of one key each get their own copy: none sees what another does to its item. A key
    // DynamoDB kept leaving unprocessed fails its own readers only.
    const given = new Set<Record<string, unknown>>();
    reads.forEach((read, i) => {
      if (answer.unanswered.has(identity(read.ref.key))) {
        read.reject(busy(1));
        return;
      }
      const item = answer.items[i];
      if (item === undefined || !given.has(item)) {
        if (item) given.add(item);
        read.resolve(item);
      } else read.resolve(structuredClone(item));
    });
  }

  async #read(reads: readonly WaitingGet[], consistent: boolean): Promise<BatchAnswer> {
    const keys = new Set(reads.map((read) => identity(read.ref.key)));
    const first = reads[0];
    if (keys.size === 1 && first) {
      const answer = await this.#doc.send(
        new GetCommand({ TableName: this.#tableName, Key: { ...first.ref.key }, ConsistentRead: consistent }),
      );
      return { items: reads.map(() => answer.Item), unanswered: new Set() };
    }
    return readBatch(
      this.#doc,
      this.#tableName,
      reads.map((read) => read.ref),
      { consistent },
    );
  }
}
