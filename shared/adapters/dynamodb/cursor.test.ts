import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ValidationError } from "#shared/domain/errors";
import { CursorCodec } from "./cursor.ts";

const codec = new CursorCodec(randomBytes(32));
const position = { pk: "TENANT#a", sk: "NOTE#01J" };
const anyKey = () => true;

describe("CursorCodec", () => {
  it("round-trips a position within the listing it was issued for", () => {
    const cursor = codec.encode("tenant:a|NOTE", position);
    expect(codec.decode("tenant:a|NOTE", cursor, anyKey)).toEqual(position);
    expect(cursor).not.toContain("TENANT");
  });

  it("refuses a cursor minted for another tenant's listing", () => {
    const cursor = codec.encode("tenant:b|NOTE", { pk: "TENANT#b", sk: "NOTE#1" });
    expect(() => codec.decode("tenant:a|NOTE", cursor, anyKey)).toThrow(ValidationError);
  });

  it("refuses a cursor whose payload was altered, even into a well-formed one", () => {
    const cursor = codec.encode("tenant:a|NOTE", position);
    const [, tag] = cursor.split(".");
    const forged = Buffer.from(JSON.stringify({ v: 1, k: { pk: "TENANT#b", sk: "NOTE#1" } })).toString(
      "base64url",
    );
    expect(() => codec.decode("tenant:a|NOTE", `${forged}.${tag}`, anyKey)).toThrow(ValidationError);
    const flipped = cursor.startsWith("A") ? `B${cursor.slice(1)}` : `A${cursor.slice(1)}`;
    expect(() => codec.decode("tenant:a|NOTE", flipped, anyKey)).toThrow(ValidationError);
  });

  it("refuses garbage and a cursor signed with another key", () => {
    for (const garbage of ["", "abc", "a.b.c", "%%%.%%%", "x".repeat(3000)]) {
      expect(() => codec.decode("s", garbage, anyKey)).toThrow(ValidationError);
    }
    const other = new CursorCodec(randomBytes(32)).encode("s", position);
    expect(() => codec.decode("s", other, anyKey)).toThrow(ValidationError);
  });

  it("refuses a genuine cursor whose key does not fit the listing's shape check", () => {
    const cursor = codec.encode("s", position);
    expect(() => codec.decode("s", cursor, (k) => k.pk === "TENANT#z")).toThrow(ValidationError);
  });
});
