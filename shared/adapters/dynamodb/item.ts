import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { NotFoundError, StaleVersionError } from "#shared/domain/errors";

export type IndexName = "gsi1" | "gsi2" | "gsi3";
export type IndexKeys = Partial<Record<IndexName, { pk: string; sk: string }>>;

/** The attributes that put an item into its indexes (`gsi1pk`, `gsi1sk`…), each partition key scoped by `scopePk`. */
export function indexAttributes(
  indexes: IndexKeys | undefined,
  scopePk: (pk: string) => string,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, key] of Object.entries(indexes ?? {})) {
    attributes[`${name}pk`] = scopePk(key.pk);
    attributes[`${name}sk`] = key.sk;
  }
  return attributes;
}

/** A stored item as the kit returns it: the data plus the kit's bookkeeping, without key attributes. */
export type Stored<T> = T & { id: string; version: number; createdAt: string; updatedAt: string };

/** One write of a transaction, built by a scope so that its keys carry the scope. */
export interface WriteOp {
  item: NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
  /** What a failed condition on this item means to the caller, given whether the item existed. */
  onConditionFailed: (existed: boolean) => Error;
}

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

/** An entity name: the first part of every key the kit builds for it. */
export const ENTITY = /^[A-Z][A-Z0-9_]{0,31}$/;
/** An item id: no `#` (the key separator), no white space. */
export const KEY_PART = /^[^#\s]{1,256}$/;

/** Refuses data that would overwrite a key or the kit's bookkeeping. */
export function assertNoReserved(data: object): void {
  for (const key of Object.keys(data)) {
    if (RESERVED.has(key)) throw new Error(`Attribute "${key}" is managed by the data kit`);
  }
}

/** The item as a read answers it: without key attributes and the kit's own markers. */
export function strip<T>(item: Record<string, unknown>): Stored<T> {
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

/** The item a `createOp` stores, as a read would answer it. */
export function createdItem<T>(op: WriteOp): Stored<T> {
  const item = op.item.Put?.Item;
  if (!item) throw new Error("createdItem takes the operation of a createOp");
  return strip<T>(item);
}

/** A versioned write whose condition failed: the item changed since it was read (409), or is gone (404). */
export function staleOrMissing(entity: string, id: string, existed: boolean): Error {
  return existed
    ? new StaleVersionError(`${entity} ${id} was changed by someone else; reload and retry`)
    : new NotFoundError(`${entity} ${id} does not exist`);
}

/** Attaches the SDK's error as the cause of the caller's, unless it already has one. */
export function withCause<E extends Error>(error: E, cause: unknown): E {
  if (error.cause === undefined) Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}
