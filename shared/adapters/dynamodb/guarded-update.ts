/**
 * The expressions of the kit's writes, built as data: no SDK, no I/O, so every rule about names,
 * values and conditions is tested on its own (`guarded-update.test.ts`). The scope adds the table,
 * the key and what a failed condition means.
 */
import type { IndexKeys, Stored } from "./item.ts";

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

/** The expression part of an `Update`. */
export interface WriteExpressions {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** The bookkeeping an upsert writes when it creates the item, as `createOp` would. */
export interface UpsertIdentity {
  entity: string;
  id: string;
  /** The scope's name (`tenant:<id>` or `platform`). */
  scope: string;
}

/**
 * An optimistic-concurrency update: sets each defined attribute of `set` and adds one to `version`,
 * only when the item exists and its version is still `expectedVersion`.
 */
export function versionedUpdate(set: Record<string, unknown>, expectedVersion: number): WriteExpressions {
  const names: Record<string, string> = { "#version": "version" };
  const values: Record<string, unknown> = { ":expected": expectedVersion, ":one": 1 };
  const assignments = ["#version = #version + :one"];
  Object.entries(set).forEach(([name, value], i) => {
    if (value === undefined) return;
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    assignments.push(`#f${i} = :f${i}`);
  });
  return {
    UpdateExpression: `SET ${assignments.join(", ")}`,
    ConditionExpression: "attribute_exists(pk) AND #version = :expected",
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The expression part of a `Delete` or a `ConditionCheck`. */
export interface ConditionExpressions {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** The condition of a delete: the item exists and, when a version is given, is still at it. */
export function deleteCondition(expectedVersion: number | undefined): ConditionExpressions {
  if (expectedVersion === undefined) return { ConditionExpression: "attribute_exists(pk)" };
  return {
    ConditionExpression: "attribute_exists(pk) AND #version = :expected",
    ExpressionAttributeNames: { "#version": "version" },
    ExpressionAttributeValues: { ":expected": expectedVersion },
  };
}

/**
 * A guarded write: sets, adds to (atomic `ADD`) and removes attributes, adds one to `version` and
 * stamps `updatedAt`, only when the stored item satisfies `guard` — and exists, unless `upsert` names
 * the bookkeeping to write when it creates the item. The guard's names and values carry their own
 * prefixes (`#g`, `:g`), so they can never collide with the ones built here.
 */
export function guardedUpdate(
  change: GuardedChange,
  options: { guard?: Guard; at: Date; upsert?: UpsertIdentity },
): WriteExpressions {
  const { guard, upsert } = options;
  for (const name of Object.keys(guard?.names ?? {})) {
    if (!name.startsWith("#g")) throw new Error(`Guard names start with #g: ${name}`);
  }
  for (const name of Object.keys(guard?.values ?? {})) {
    if (!name.startsWith(":g")) throw new Error(`Guard values start with :g: ${name}`);
  }
  const names: Record<string, string> = {
    "#version": "version",
    "#updatedAt": "updatedAt",
    ...guard?.names,
  };
  const values: Record<string, unknown> = { ":one": 1, ":at": options.at.toISOString(), ...guard?.values };
  const sets = ["#updatedAt = :at"];
  const adds = ["#version :one"];
  Object.entries(change.set ?? {}).forEach(([name, value], i) => {
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
  if (upsert) {
    Object.assign(names, { "#entity": "entity", "#id": "id", "#scope": "scope", "#createdAt": "createdAt" });
    Object.assign(values, { ":entity": upsert.entity, ":id": upsert.id, ":scope": upsert.scope });
    sets.push(
      "#entity = :entity",
      "#id = :id",
      "#scope = :scope",
      "#createdAt = if_not_exists(#createdAt, :at)",
    );
  }
  const exists = upsert ? undefined : "attribute_exists(pk)";
  const condition = [exists, guard ? `(${guard.expression})` : undefined].filter(Boolean).join(" AND ");
  return {
    UpdateExpression: `SET ${sets.join(", ")} ADD ${adds.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
    ...(condition ? { ConditionExpression: condition } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
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
