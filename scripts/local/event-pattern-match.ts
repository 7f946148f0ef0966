/**
 * The compiled form of an EventBridge event pattern (`event-pattern.ts` builds it) and how an event
 * is matched against it: every named field must match, an array matches in any element, and the
 * fields of one pattern object must all match in the same array element (Event Ruler's
 * array-consistent matching).
 */

/** A leaf value of an event: what comparison operators see. */
export type Leaf = string | number | boolean | null;

/** One entry of a field's array: a test of a leaf value, or `exists`. */
export type Condition =
  | { kind: "value"; test: (leaf: Leaf) => boolean }
  | { kind: "exists"; present: boolean };

/** A field of a pattern object: a list of conditions on its leaf values, or a nested object. */
export type Field = { key: string; leaf: Condition[] } | { key: string; object: ObjectNode };

/** A pattern object. */
export interface ObjectNode {
  fields: Field[];
  /** Each `$or` of this object: the event must match one of its branches. */
  ors: ObjectNode[][];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Arrays of arrays are flattened: their elements are the values. */
function flatten(values: readonly unknown[]): unknown[] {
  return values.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

/** The leaf values of a field: none when absent, an object, or an empty array. */
function leavesOf(value: unknown): Leaf[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? flatten(value) : [value];
  return values.filter(
    (v): v is Leaf => v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean",
  );
}

function matchLeaf(conditions: readonly Condition[], value: unknown): boolean {
  const leaves = leavesOf(value);
  return conditions.some((condition) =>
    condition.kind === "exists"
      ? condition.present === leaves.length > 0
      : leaves.some((leaf) => condition.test(leaf)),
  );
}

/** An object pattern against a value; an array must match in one element (array-consistent). */
export function matchObject(node: ObjectNode, value: unknown): boolean {
  if (!Array.isArray(value)) return matchOne(node, value);
  const elements = flatten(value);
  if (elements.length === 0) return matchOne(node, undefined);
  return elements.some((element) => matchOne(node, element));
}

function matchOne(node: ObjectNode, value: unknown): boolean {
  const object = isPlainObject(value) ? value : undefined;
  for (const field of node.fields) {
    const child = object !== undefined && Object.hasOwn(object, field.key) ? object[field.key] : undefined;
    const ok = "leaf" in field ? matchLeaf(field.leaf, child) : matchObject(field.object, child);
    if (!ok) return false;
  }
  return node.ors.every((branches) => branches.some((branch) => matchOne(branch, value)));
}
