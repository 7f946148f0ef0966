import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { AlreadyExistsError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { type GetCoalescer, type ItemRef, itemRef } from "./batch-get.ts";
import type { CursorCodec, KeyAttributes } from "./cursor.ts";
import {
  deleteCondition,
  type Guard,
  type GuardedChange,
  type GuardedOptions,
  guardedUpdate,
  versionedUpdate,
} from "./guarded-update.ts";
import {
  assertNoReserved,
  ENTITY,
  type IndexKeys,
  type IndexName,
  indexAttributes,
  KEY_PART,
  type Stored,
  staleOrMissing,
  strip,
  type WriteOp,
  withCause,
} from "./item.ts";
import {
  indexListing,
  type Listing,
  type ListOptions,
  mergedIndexPage,
  type Page,
  partitionListing,
  queryPage,
} from "./query.ts";
import type { SingleTable } from "./table.ts";
import { incrementWindowCounter, type WindowCount } from "./window-counter.ts";

export interface CreateOptions {
  indexes?: IndexKeys;
  /** Expiry as epoch seconds (the table's TTL attribute). */
  expiresAt?: number;
}

/** How a scope builds its keys; only `SingleTable` makes one. */
export interface ScopeKeys {
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
  readonly #reads: GetCoalescer;
  readonly #cursors: (() => Promise<CursorCodec>) | undefined;
  readonly #keys: ScopeKeys;

  constructor(
    table: SingleTable,
    access: { doc: DynamoDBDocumentClient; reads: GetCoalescer },
    cursors: (() => Promise<CursorCodec>) | undefined,
    keys: ScopeKeys,
  ) {
    this.#table = table;
    this.#doc = access.doc;
    this.#reads = access.reads;
    this.#cursors = cursors;
    this.#keys = keys;
  }

  #key(entity: string, id: string): KeyAttributes {
    if (!ENTITY.test(entity)) throw new Error(`Invalid entity name ${entity}`);
    if (!KEY_PART.test(id)) throw new Error(`Invalid id for ${entity}`);
    return { pk: this.#keys.pk(entity, id), sk: this.#keys.sk(entity, id) };
  }

  /** The address of one of this scope's items, for a batch read (`SingleTable.getMany`). */
  ref(entity: string, id: string): ItemRef {
    return itemRef(this.#key(entity, id));
  }

  /** One item; reads asked for in the same turn share a round trip (`GetCoalescer`). */
  async get<T extends object>(
    entity: string,
    id: string,
    options?: { consistent?: boolean },
  ): Promise<Stored<T> | undefined> {
    const item = await this.#reads.get(this.ref(entity, id), options?.consistent ?? false);
    return item ? strip<T>(item) : undefined;
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
    return {
      item: {
        Update: {
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          ...versionedUpdate(set, options.expectedVersion),
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

  /** With `ifExists`, deleting a missing item is no failure (an index entry that may be gone). */
  deleteOp(entity: string, id: string, options?: { expectedVersion?: number; ifExists?: boolean }): WriteOp {
    return {
      item: {
        Delete: {
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          ...(options?.ifExists ? {} : deleteCondition(options?.expectedVersion)),
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
    const set = { ...change.set, ...this.#indexAttributes(options.indexes) };
    if (options.expiresAt !== undefined) set.ttl = options.expiresAt;
    const expressions = guardedUpdate(
      { ...change, set },
      {
        ...(options.guard ? { guard: options.guard } : {}),
        at: options.at ?? this.#table.now(),
        ...(options.upsert ? { upsert: { entity, id, scope: this.#keys.name } } : {}),
      },
    );
    return {
      item: { Update: { TableName: this.#table.tableName, Key: this.#key(entity, id), ...expressions } },
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

  /**
   * Deletes the item only while it exists and satisfies `guard`, answering it as it was; a missing
   * item or a failed guard → `undefined`, never an error. A single-use credential is consumed this
   * way: of two concurrent deletes exactly one gets the item.
   */
  async takeWhere<T extends object>(
    entity: string,
    id: string,
    guard?: Guard,
  ): Promise<Stored<T> | undefined> {
    for (const name of Object.keys(guard?.names ?? {})) {
      if (!name.startsWith("#g")) throw new Error(`Guard names start with #g: ${name}`);
    }
    try {
      const result = await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table.tableName,
          Key: this.#key(entity, id),
          ConditionExpression: guard
            ? `attribute_exists(pk) AND (${guard.expression})`
            : "attribute_exists(pk)",
          ...(guard?.names ? { ExpressionAttributeNames: guard.names } : {}),
          ...(guard?.values ? { ExpressionAttributeValues: guard.values } : {}),
          ReturnValues: "ALL_OLD",
        }),
      );
      return result.Attributes ? strip<T>(result.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
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

  /** Adds one to a windowed counter (see `incrementWindowCounter`), e.g. a rate limit's hits. */
  async increment(entity: string, id: string, options: { windowSeconds: number }): Promise<WindowCount> {
    return incrementWindowCounter(
      this.#doc,
      {
        tableName: this.#table.tableName,
        key: this.#key(entity, id),
        item: { entity, id, scope: this.#keys.name },
      },
      { windowSeconds: options.windowSeconds, at: this.#table.now() },
    );
  }

  /** Pages through the scope's items of one entity, in sort-key order. */
  async list<T extends object>(entity: string, options: ListOptions = {}): Promise<Page<T>> {
    return this.#page(this.#entityListing(entity, options), options);
  }

  /** The scope's items of one entity whose sort keys begin with `sortPrefix`, as a listing. */
  #entityListing(entity: string, options: Pick<ListOptions, "sortPrefix" | "between">): Listing {
    if (!ENTITY.test(entity)) throw new Error(`Invalid entity name ${entity}`);
    const pk = this.#keys.pk(entity, "_");
    const prefix = this.#keys.sk(entity, options.sortPrefix ?? "");
    if (this.#keys.tenantId === undefined) {
      throw new Error("Platform items are one per partition: list them through an index");
    }
    return partitionListing(this.#keys.name, pk, prefix, options.between);
  }

  /** Pages through an index partition of this scope (the scope prefixes the partition key). */
  async listByIndex<T extends object>(
    index: IndexName,
    partition: string,
    options: ListOptions = {},
  ): Promise<Page<T>> {
    const pk = this.#keys.indexPk(partition);
    return this.#page(
      indexListing(this.#keys.name, index, partition, pk, options.sortPrefix ?? "", options.between),
      options,
    );
  }

  /**
   * Pages through several index partitions of this scope as one listing, in ascending sort-key order
   * (`mergedIndexPage`: their sort keys must be unique across them). `name` binds the cursors.
   */
  async listByIndexes<T extends object>(
    index: IndexName,
    partitions: readonly string[],
    options: { name: string; limit?: number; cursor?: string },
  ): Promise<Page<T>> {
    const pks = partitions.map((partition) => this.#keys.indexPk(partition));
    const listing = { name: `${this.#keys.name}|${options.name}`, index, pks };
    return mergedIndexPage<T>(this.#doc, this.#listingTarget(), listing, options);
  }

  #page<T extends object>(listing: Listing, options: ListOptions): Promise<Page<T>> {
    return queryPage<T>(this.#doc, this.#listingTarget(), listing, options);
  }

  #listingTarget() {
    return { tableName: this.#table.tableName, cursors: this.#cursors };
  }

  #indexAttributes(indexes: IndexKeys | undefined): Record<string, string> {
    return indexAttributes(indexes, (pk) => this.#keys.indexPk(pk));
  }
}
