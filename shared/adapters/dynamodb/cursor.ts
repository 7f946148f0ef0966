import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationError } from "#shared/domain/errors";

/** A DynamoDB key: string attributes only in this table's design. */
export type KeyAttributes = Record<string, string>;

const INVALID = () =>
  new ValidationError("The pagination cursor is invalid", [
    { in: "cursor", path: "cursor", message: "Not a cursor this listing issued" },
  ]);

/**
 * Opaque pagination cursors: `base64url(json).base64url(hmac)`. The HMAC binds the position to the
 * listing it came from (the scope: tenant, entity, index), so a cursor that was altered, or minted
 * for another tenant or another listing, is refused with 400 instead of starting a query elsewhere.
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.byteLength < 16) throw new Error("A cursor key needs at least 128 bits");
    this.#key = Buffer.from(key);
  }

  encode(scope: string, position: KeyAttributes): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, k: position }), "utf8").toString("base64url");
    return `${payload}.${this.#tag(scope, payload)}`;
  }

  /** The position a cursor holds, after checking it was issued for `scope`; `key` checks its shape. */
  decode(scope: string, cursor: string, isValidKey: (key: KeyAttributes) => boolean): KeyAttributes {
    const [payload, tag, extra] = cursor.split(".");
    if (!payload || !tag || extra !== undefined || cursor.length > 2048) throw INVALID();
    const expected = Buffer.from(this.#tag(scope, payload), "base64url");
    const given = Buffer.from(tag, "base64url");
    if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) throw INVALID();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch (cause) {
      throw new ValidationError("The pagination cursor is invalid", [], { cause });
    }
    const position = (parsed as { k?: unknown }).k;
    if (!isKeyAttributes(position) || !isValidKey(position)) throw INVALID();
    return position;
  }

  #tag(scope: string, payload: string): string {
    return createHmac("sha256", this.#key)
      .update(scope)
      .update("\n")
      .update(payload)
      .digest()
      .subarray(0, 16)
      .toString("base64url");
  }
}

function isKeyAttributes(value: unknown): value is KeyAttributes {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string")
  );
}
