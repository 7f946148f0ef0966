import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import {
  AlreadyExistsError,
  DependencyUnavailableError,
  NotFoundError,
  StaleVersionError,
  WriteConflictError,
} from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { CursorCodec, type KeyAttributes } from "./cursor.ts";

export type IndexName = "gsi1" | "gsi2" | "gsi3";
export type IndexKeys = Partial<Record<IndexName, { pk: string; sk: string }>>;

/** Attributes the kit owns; data may not set them. */
const RESERVED = new Set([
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "gsi3pk",
  "gsi3sk",
  "ttl",
  "version",
  "entity",
  "id",
  "scope",
  "createdAt",
  "updatedAt",
]);
const ENTITY = /^[A-Z][A-Z0-9_]{0,31}$/;
/** Tries of a transaction that keeps meeting another on the same items. */
const TRANSACTION_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KEY_PART = /^[^#\s]{1,256}$/;

/** A stored item as the kit returns it: the data plus the kit's bookkeeping, without key attributes. */
export type Stored<T> = T & { id: string; version: number; createdAt: string; updatedAt: string };

export interface Page<T> {
  items: Stored<T>[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface CreateOptions {
  indexes?: IndexKeys;
  /** Expiry as epoch seconds (the table's TTL attribute). */
  expiresAt?: number;
}

export interface ListOptions {
  /** @default 25 */
  limit?: number;
  cursor?: string;
  /** @default "asc" */
  order?: "asc" | "desc";
  /** Only sort keys that begin with this (within the listing). */
  sortPrefix?: string;
}

/** One write of a transaction, built by a scope so that its keys carry the scope. */
export interface WriteOp {
  item: NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
  /** What a failed condition on this item means to the caller, given whether the item existed. */
  onConditionFailed: (existed: boolean) => Error;
}

/** A windowed counter after `Scope.increment`. */
export interface WindowCount {
  /** Increments in the current window, this one included. */
  count: number;
  /** When the window ends, in epoch seconds; also the item's TTL. */
  expiresAt: number;
}

/** What a guarded write changes. */
export interface GuardedChange {
  set?: Record<string, unknown>;
  /** Atomic additions (negative to subtract); a missing attribute counts as 0. */
  add?: Record<string, number>;
  remove?: readonly string[];
}

/** The stored state a guarded write requires: a condition over the item's own attributes. */
export interface Guard {
  /** A DynamoDB condition expression; attribute names start with `#g`, values with `:g`. */
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export interface GuardedOptions {
  guard?: Guard;
  indexes?: IndexKeys;
  /** Expiry as epoch seconds (the table's TTL attribute). */
  expiresAt?: number;
  /** Create the item when it is missing. @default false (a missing item fails the write) */
  upsert?: boolean;
  /** What a failed guard means to the caller. @default stale (409) or missing (404) */
  onConditionFailed?: (existed: boolean) => Error;
  /** When the write happens: its `updatedAt`. @default now */
  at?: Date;
}

export interface SingleTableOptions {
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /** Signs pagination cursors; a table built without one cannot list. */
  cursorKey?: Uint8Array;
  now?: () => Date;
}

/**
 * The single DynamoDB table. Data is reached only through a scope: `forTenant(tenantId)` puts the
 * (validated) tenant into every key it builds, including index keys; `platform()` serves items that
 * belong to no tenant and can never address a tenant's partition.
 */
export class SingleTable {
  readonly #doc: DynamoDBDocumentClient;
  readonly #cursors: CursorCodec | undefined;
  readonly tableName: string;
  readonly now: () => Date;

  constructor(options: SingleTableOptions) {
    this.#doc =
      options.client instanceof DynamoDBDocumentClient
        ? options.client
        : DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = options.tableName;
    this.#cursors = options.cursorKey ? new CursorCodec(options.cursorKey) : undefined;
    this.now = options.now ?? (() => new Date());
  }

  forTenant(tenantId: TenantId): Scope {
    return new Scope(this, this.#doc, this.#cursors, {
      name: `tenant:${tenantId}`,
      pk: () => `TENANT#${tenantId}`,
      sk: (entity, id) => `${entity}#${id}`,
      indexPk: (partition) => `TENANT#${tenantId}#${partition}`,
      tenantId,
    });
  }

  platform(): Scope {
    return new Scope(this, this.#doc, this.#cursors, {
      name: "platform",
      pk: (entity, id) => {
        if (entity === "TENANT") throw new Error("Platform items cannot use the TENANT partition");
        return `${entity}#${id}`;
      },
      sk: (entity) => entity,
      indexPk: (partition) => `PLATFORM#${partition}`,
    });
  }

  /**
   * Writes all operations or none. A failed condition throws the error its operation names; a
   * conflict with another transaction on the same items is retried a few times, then → 409
   * `DATA.TRANSACTION_CONFLICT`;
   * throttling → 503.
   */
  async transact(ops: readonly WriteOp[]): Promise<void> {
    if (ops.length === 0) return;
    // A conflict cancels the whole transaction, so running it again is safe; contention on one item
    // (a tenant's credit balance under a burst) usually clears within a few tries.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#transactOnce(ops);
      } catch (error) {
        const conflict = error instanceof WriteConflictError;
        if (!conflict || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await sleep(Math.random() * 25 * 2 ** attempt);
      }
    }
  }

  async #transactOnce(ops: readonly WriteOp[]): Promise<void> {
    try {
      await this.#doc.send(
        new TransactWriteCommand({ TransactItems: ops.map((op) => returningOld(op.item)) }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      const op = ops[failed];
      if (op) throw withCause(op.onConditionFailed(reasons[failed]?.Item !== undefined), error);
      if (reasons.some((r) => r.Code === "TransactionConflict")) {
        throw new WriteConflictError("Another change to the same data was in progress; retry", {
          cause: error,
        });
      }
      if (reasons.some((r) => r.Code === "ThrottlingError" || r.Code === "ProvisionedThroughputExceeded")) {
        throw new DependencyUnavailableError("The database is busy; retry shortly", { cause: error });
      }
      throw error;
    }
  }
}

interface ScopeKeys {
  name: string;
  pk: (entity: string, id: string) => string;
  sk: (entity: string, id: string) => string;
  indexPk: (partition: string) => string;
  tenantId?: TenantId;
}

/** Items of one tenant, or of the platform. Built only by `SingleTable`. */
export class Scope {
  readonly #table: SingleTable;
  readonly #doc: DynamoDBDocumentClient;
  readonly #cursors: CursorCodec | undefined;
  readonly #keys: ScopeKeys;

  constructor(
    table: SingleTable,
    doc: DynamoDBDocumentClient,
    cursors: CursorCodec | undefined,
    keys: ScopeKeys,
  ) {
    this.#table = table;
    this.#doc = doc;
    this.#cursors = cursors;
    this.#keys = keys;
  }

  #key(entity: string, id: string): KeyAttributes {
    if (!ENTITY.test(entity)) throw new Error(`Invalid entity name ${entity}`);
    if (!KEY_PART.test(id)) throw new Error(`Invalid id for ${entity}`);
    return { pk: this.#keys.pk(entity, id), sk: this.#keys.sk(entity, id) };
  }

  async get<T extends object>(
    entity: string,
    id: string,
    options?: { consistent?: boolean },
  ): Promise<Stored<T> | undefined> {
    const result = await this.#doc.send(
      new GetCommand({
        TableName: this.#table.tableName,
        Key: this.#key(entity, id),
        ConsistentRead: options?.consistent,
      }),
    );
    return result.Item ? strip<T>(result.Item) : undefined;
  }

  /** Creates the item; if it already exists → `ConflictError`. */
  async create<T extends object>(
    entity: string,
    id: string,
    data: T,
    options?: CreateOptions,
  ): Promise<Stored<T>> {
    const op = this.createOp(entity, id, data, options);
    const put = op.item.Put;
    if (!put) throw new Error("createOp must build a Put");
    try {
      await this.#doc.send(new PutCommand(put));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw withCause(op.onConditionFailed(true), error);
      throw error;
    }
    return strip<T>(put.Item as Record<string, unknown>);
  }

  createOp<T extends object>(entity: string, id: string, data: T, options?: CreateOptions): WriteOp {
    assertNoReserved(data);
    const at = this.#table.now().toISOString();
    const item: Record<string, unknown> = {
      ...data,
      ...this.#key(entity, id),
      ...this.#indexAttributes(options?.indexes),
      entity,
      id,
      scope: this.#keys.name,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if (options?.expiresAt !== undefined) item.ttl = options.expiresAt;
    return {
      item: {
        Put: {
          TableName: this.#table.tableName,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      onConditionFailed: () => new AlreadyExistsError(`${entity} ${id} already exists`),
    };
  }

  /**
   * Changes fields of an existing item with optimistic concurrency: the write succeeds only when the
   * stored version is `expectedVersion`; a stale version → `ConflictError`, a missing item →
   * `NotFoundError`.
   */
  async update<T extends object>(
    entity: string,
    id: string,
    changes: Partial<T>,
    options: { expectedVersion: number; indexes?: IndexKeys },
  ): Promise<Stored<T>> {
    const op = this.updateOp(entity, id, changes, options);
    const result = await this.#sendUpdate(op);
    if (!result.ok) throw withCause(op.onConditionFailed(result.error.Item !== undefined), result.error);
    return strip<T>(result.attributes);
  }

  /** Sends an operation's `Update`, answering the new item, or the failed condition (with the old item). */
  async #sendUpdate(
    op: WriteOp,
  ): Promise<
    { ok: true; attributes: Record<string, unknown> } | { ok: false; error: ConditionalCheckFailedException }
  > {
    const update = op.item.Update;
    if (!update) throw new Error("the operation must be an Update");
    try {
      const result = await this.#doc.send(
        new UpdateCommand({
          ...update,
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { ok: true, attributes: result.Attributes ?? {} };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { ok: false, error };
      throw error;
    }
  }

  updateOp<T extends object>(
    entity: string,
    id: string,
    changes: Partial<T>,
    options: { expectedVersion: number; indexes?: IndexKeys },
  ): WriteOp {
    assertNoReserved(changes);
    const set: Record<string, unknown> = {
      ...changes,
      ...this.#indexAttributes(options.indexes),
      updatedAt: this.#table.now().toISOString(),
    };
    const names: Record<string, string> = { "#version": "version" };
    const values: Record<string, unknown> = { ":expected": options.expectedVersion, ":one": 1 };
    const assignments = ["#version = #version + :one"];
    Object.entries(set).forEach(([name, value], i) => {
      if (value === undefined) return;
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      assignments.push(`#f${i} = :f${i}`);
    });
    return {
      item: {
        Update: {
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          UpdateExpression: `SET ${assignments.join(", ")}`,
          ConditionExpression: "attribute_exists(pk) AND #version = :expected",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: (existed) => staleOrMissing(entity, id, existed),
    };
  }

  /** Deletes the item; with `expectedVersion`, only if unchanged. A missing item → `NotFoundError`. */
  async delete(entity: string, id: string, options?: { expectedVersion?: number }): Promise<void> {
    const op = this.deleteOp(entity, id, options);
    const del = op.item.Delete;
    if (!del) throw new Error("deleteOp must build a Delete");
    try {
      await this.#doc.send(new DeleteCommand({ ...del, ReturnValuesOnConditionCheckFailure: "ALL_OLD" }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw withCause(op.onConditionFailed(error.Item !== undefined), error);
      }
      throw error;
    }
  }

  deleteOp(entity: string, id: string, options?: { expectedVersion?: number }): WriteOp {
    const versioned = options?.expectedVersion !== undefined;
    return {
      item: {
        Delete: {
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          ConditionExpression: versioned
            ? "attribute_exists(pk) AND #version = :expected"
            : "attribute_exists(pk)",
          ...(versioned
            ? {
                ExpressionAttributeNames: { "#version": "version" },
                ExpressionAttributeValues: { ":expected": options?.expectedVersion },
              }
            : {}),
        },
      },
      onConditionFailed: (existed) => staleOrMissing(entity, id, existed),
    };
  }

  /**
   * A guarded write: sets, adds to (atomic `ADD`, for counters and balances) and removes attributes
   * only when the stored item satisfies `guard` — the way state machines and money-like counters
   * change, with no read first. With `upsert`, a missing item is created (the guard then decides
   * whether that is allowed). The kit still owns keys, `version` (+1), `updatedAt` and index keys.
   */
  updateWhereOp(entity: string, id: string, change: GuardedChange, options: GuardedOptions): WriteOp {
    assertNoReserved({
      ...change.set,
      ...change.add,
      ...Object.fromEntries((change.remove ?? []).map((r) => [r, 1])),
    });
    const guard = options.guard;
    for (const name of Object.keys(guard?.names ?? {})) {
      if (!name.startsWith("#g")) throw new Error(`Guard names start with #g: ${name}`);
    }
    for (const name of Object.keys(guard?.values ?? {})) {
      if (!name.startsWith(":g")) throw new Error(`Guard values start with :g: ${name}`);
    }
    const at = (options.at ?? this.#table.now()).toISOString();
    const names: Record<string, string> = {
      "#version": "version",
      "#updatedAt": "updatedAt",
      ...guard?.names,
    };
    const values: Record<string, unknown> = { ":one": 1, ":at": at, ...guard?.values };
    const sets = ["#updatedAt = :at"];
    const adds = ["#version :one"];
    const set = { ...change.set, ...this.#indexAttributes(options.indexes) };
    if (options.expiresAt !== undefined) set.ttl = options.expiresAt;
    Object.entries(set).forEach(([name, value], i) => {
      if (value === undefined) return;
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      sets.push(`#s${i} = :s${i}`);
    });
    Object.entries(change.add ?? {}).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      adds.push(`#a${i} :a${i}`);
    });
    const removes = (change.remove ?? []).map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    if (options.upsert) {
      Object.assign(names, {
        "#entity": "entity",
        "#id": "id",
        "#scope": "scope",
        "#createdAt": "createdAt",
      });
      Object.assign(values, { ":entity": entity, ":id": id, ":scope": this.#keys.name });
      sets.push(
        "#entity = :entity",
        "#id = :id",
        "#scope = :scope",
        "#createdAt = if_not_exists(#createdAt, :at)",
      );
    }
    const exists = options.upsert ? undefined : "attribute_exists(pk)";
    const condition = [exists, guard ? `(${guard.expression})` : undefined].filter(Boolean).join(" AND ");
    return {
      item: {
        Update: {
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          UpdateExpression: `SET ${sets.join(", ")} ADD ${adds.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
          ...(condition ? { ConditionExpression: condition } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: options.onConditionFailed ?? ((existed) => staleOrMissing(entity, id, existed)),
    };
  }

  /**
   * `updateWhereOp` on its own: the item after the write, or — when the guard (or existence) fails —
   * the item as it is stored, so the caller can tell why without another read.
   */
  async updateWhere<T extends object>(
    entity: string,
    id: string,
    change: GuardedChange,
    options: Omit<GuardedOptions, "onConditionFailed">,
  ): Promise<{ ok: true; item: Stored<T> } | { ok: false; current: Stored<T> | undefined }> {
    const result = await this.#sendUpdate(this.updateWhereOp(entity, id, change, options));
    if (result.ok) return { ok: true, item: strip<T>(result.attributes) };
    const old = result.error.Item;
    return { ok: false, current: old ? strip<T>(unmarshall(old)) : undefined };
  }

  /** A condition on another item inside a transaction (it must exist), e.g. the parent of a write. */
  requireOp(entity: string, id: string, onMissing: () => Error): WriteOp {
    return {
      item: {
        ConditionCheck: {
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          ConditionExpression: "attribute_exists(pk)",
        },
      },
      onConditionFailed: () => onMissing(),
    };
  }

  /**
   * Adds one to a counter that lives for a fixed window, atomically (one `UpdateItem` with `ADD`), so
   * concurrent increments are all counted. The first increment opens a window of `windowSeconds` and
   * sets the item's TTL to its end; later ones only add, so hitting the counter never moves the end.
   * DynamoDB deletes expired items only eventually (hours or more after `ttl`), so an increment that
   * finds an ended window starts the next one at 1 itself. The item carries the kit's bookkeeping
   * (`version` counts every increment) and `count` and `expiresAt`, so `get` and `delete` serve it.
   */
  async increment(entity: string, id: string, options: { windowSeconds: number }): Promise<WindowCount> {
    if (!Number.isInteger(options.windowSeconds) || options.windowSeconds < 1) {
      throw new Error(`Invalid counter window ${options.windowSeconds}; give whole seconds, at least 1`);
    }
    const at = this.#table.now();
    const now = Math.floor(at.getTime() / 1000);
    const common = {
      TableName: this.#table.tableName,
      Key: this.#key(entity, id),
      ExpressionAttributeNames: {
        "#count": "count",
        "#expiresAt": "expiresAt",
        "#ttl": "ttl",
        "#version": "version",
        "#entity": "entity",
        "#id": "id",
        "#scope": "scope",
        "#createdAt": "createdAt",
        "#updatedAt": "updatedAt",
      },
      ExpressionAttributeValues: {
        ":one": 1,
        ":now": now,
        ":end": now + options.windowSeconds,
        ":entity": entity,
        ":id": id,
        ":scope": this.#keys.name,
        ":at": at.toISOString(),
      },
      ReturnValues: "ALL_NEW" as const,
    };
    const bookkeeping =
      "#entity = :entity, #id = :id, #scope = :scope, #createdAt = if_not_exists(#createdAt, :at), #updatedAt = :at";
    const inWindow = {
      UpdateExpression: `ADD #count :one, #version :one SET #ttl = if_not_exists(#ttl, :end), #expiresAt = if_not_exists(#expiresAt, :end), ${bookkeeping}`,
      ConditionExpression: "attribute_not_exists(pk) OR #ttl > :now",
    };
    const nextWindow = {
      UpdateExpression: `SET #count = :one, #ttl = :end, #expiresAt = :end, ${bookkeeping} ADD #version :one`,
      ConditionExpression: "#ttl <= :now",
    };
    // Each failed condition means another increment moved the item between the two states; an item
    // that fits neither (no `ttl`) was not written by this method and fails every attempt.
    for (let attempt = 0; attempt < 3; attempt++) {
      for (const update of [inWindow, nextWindow]) {
        try {
          const result = await this.#doc.send(new UpdateCommand({ ...common, ...update }));
          return { count: Number(result.Attributes?.count), expiresAt: Number(result.Attributes?.expiresAt) };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    throw new Error(`${entity} ${id} is not a windowed counter (it has no ttl), or kept changing under us`);
  }

  /** Pages through the scope's items of one entity, in sort-key order. */
  async list<T extends object>(entity: string, options: ListOptions = {}): Promise<Page<T>> {
    if (!ENTITY.test(entity)) throw new Error(`Invalid entity name ${entity}`);
    const pk = this.#keys.pk(entity, "_");
    const prefix = this.#keys.sk(entity, options.sortPrefix ?? "");
    if (this.#keys.tenantId === undefined) {
      throw new Error("Platform items are one per partition: list them through an index");
    }
    return this.#query<T>({
      scope: `${this.#keys.name}|base|${prefix}`,
      keyCondition: "pk = :pk AND begins_with(sk, :prefix)",
      values: { ":pk": pk, ":prefix": prefix },
      isValidKey: (k) =>
        Object.keys(k).length === 2 && k.pk === pk && typeof k.sk === "string" && k.sk.startsWith(prefix),
      options,
    });
  }

  /** Pages through an index partition of this scope (the scope prefixes the partition key). */
  async listByIndex<T extends object>(
    index: IndexName,
    partition: string,
    options: ListOptions = {},
  ): Promise<Page<T>> {
    const pk = this.#keys.indexPk(partition);
    const prefix = options.sortPrefix ?? "";
    const pkName = `${index}pk`;
    const skName = `${index}sk`;
    return this.#query<T>({
      scope: `${this.#keys.name}|${index}|${partition}|${prefix}`,
      index,
      // DynamoDB refuses an empty string in a key condition, so no prefix means no sort-key condition.
      keyCondition: prefix ? `${pkName} = :pk AND begins_with(${skName}, :prefix)` : `${pkName} = :pk`,
      values: prefix ? { ":pk": pk, ":prefix": prefix } : { ":pk": pk },
      isValidKey: (k) =>
        Object.keys(k).length === 4 &&
        k[pkName] === pk &&
        typeof k[skName] === "string" &&
        k[skName].startsWith(prefix) &&
        typeof k.pk === "string" &&
        typeof k.sk === "string",
      options,
    });
  }

  async #query<T extends object>(q: {
    scope: string;
    index?: IndexName;
    keyCondition: string;
    values: Record<string, string>;
    isValidKey: (key: KeyAttributes) => boolean;
    options: ListOptions;
  }): Promise<Page<T>> {
    const cursors = this.#cursors;
    if (!cursors) throw new Error("This table was built without a cursor key, so it cannot list");
    const limit = Math.min(Math.max(q.options.limit ?? 25, 1), 100);
    const scope = `${q.scope}|${q.options.order ?? "asc"}`;
    const start = q.options.cursor ? cursors.decode(scope, q.options.cursor, q.isValidKey) : undefined;
    const result = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table.tableName,
        IndexName: q.index,
        KeyConditionExpression: q.keyCondition,
        ExpressionAttributeValues: q.values,
        ExclusiveStartKey: start,
        Limit: limit,
        ScanIndexForward: q.options.order !== "desc",
      }),
    );
    const items = (result.Items ?? []).map((item) => strip<T>(item));
    const last = result.LastEvaluatedKey as KeyAttributes | undefined;
    return last ? { items, nextCursor: cursors.encode(scope, last) } : { items };
  }

  #indexAttributes(indexes: IndexKeys | undefined): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const [name, key] of Object.entries(indexes ?? {})) {
      attributes[`${name}pk`] = this.#keys.indexPk(key.pk);
      attributes[`${name}sk`] = key.sk;
    }
    return attributes;
  }
}

/** A versioned write whose condition failed: the item changed since it was read (409), or is gone (404). */
function staleOrMissing(entity: string, id: string, existed: boolean): Error {
  return existed
    ? new StaleVersionError(`${entity} ${id} was changed by someone else; reload and retry`)
    : new NotFoundError(`${entity} ${id} does not exist`);
}

/** Asks DynamoDB to return the item when a condition fails, so the error can say stale or missing. */
function returningOld(item: WriteOp["item"]): WriteOp["item"] {
  const withOld = <T extends object | undefined>(part: T) =>
    part ? { ...part, ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : undefined;
  return {
    ...(item.Put ? { Put: withOld(item.Put) } : {}),
    ...(item.Update ? { Update: withOld(item.Update) } : {}),
    ...(item.Delete ? { Delete: withOld(item.Delete) } : {}),
    ...(item.ConditionCheck ? { ConditionCheck: withOld(item.ConditionCheck) } : {}),
  };
}

/** The item a `createOp` stores, as a read would answer it. */
export function createdItem<T>(op: WriteOp): Stored<T> {
  const item = op.item.Put?.Item;
  if (!item) throw new Error("createdItem takes the operation of a createOp");
  return strip<T>(item);
}

/**
 * The item a guarded write at `at` leaves when it applies to `item` — what `updateWhere` would
 * answer — for a write inside a transaction, which answers no new values. `item` must be the stored
 * item as the write's guard proves it still stands (e.g. the answer of the write that claimed it).
 */
export function afterGuardedChange<T>(item: Stored<T>, change: GuardedChange, at: Date): Stored<T> {
  const next: Record<string, unknown> = { ...item };
  for (const [name, value] of Object.entries(change.set ?? {})) {
    if (value !== undefined) next[name] = value;
  }
  for (const [name, value] of Object.entries(change.add ?? {})) {
    const current = next[name];
    next[name] = (typeof current === "number" ? current : 0) + value;
  }
  for (const name of change.remove ?? []) delete next[name];
  next.version = item.version + 1;
  next.updatedAt = at.toISOString();
  return next as Stored<T>;
}

function assertNoReserved(data: object): void {
  for (const key of Object.keys(data)) {
    if (RESERVED.has(key)) throw new Error(`Attribute "${key}" is managed by the data kit`);
  }
}

function strip<T>(item: Record<string, unknown>): Stored<T> {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk,
    gsi1sk,
    gsi2pk,
    gsi2sk,
    gsi3pk,
    gsi3sk,
    scope: _scope,
    entity: _e,
    ttl: _t,
    ...rest
  } = item;
  void [gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk];
  return rest as Stored<T>;
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  if (error.cause === undefined) Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}
