import { describe, expect, it } from "vitest";
import { afterGuardedChange, deleteCondition, guardedUpdate, versionedUpdate } from "./guarded-update.ts";
import type { Stored } from "./item.ts";

const at = new Date("2026-01-02T03:04:05.000Z");

describe("versionedUpdate", () => {
  it("sets each defined attribute and bumps the version, only at the expected version", () => {
    expect(versionedUpdate({ name: "Ann", role: undefined, status: "active" }, 3)).toEqual({
      UpdateExpression: "SET #version = #version + :one, #f0 = :f0, #f2 = :f2",
      ConditionExpression: "attribute_exists(pk) AND #version = :expected",
      ExpressionAttributeNames: { "#version": "version", "#f0": "name", "#f2": "status" },
      ExpressionAttributeValues: { ":expected": 3, ":one": 1, ":f0": "Ann", ":f2": "active" },
    });
  });
});

describe("deleteCondition", () => {
  it("requires only that the item exists when no version is given", () => {
    expect(deleteCondition(undefined)).toEqual({ ConditionExpression: "attribute_exists(pk)" });
  });

  it("requires the expected version when one is given", () => {
    expect(deleteCondition(7)).toEqual({
      ConditionExpression: "attribute_exists(pk) AND #version = :expected",
      ExpressionAttributeNames: { "#version": "version" },
      ExpressionAttributeValues: { ":expected": 7 },
    });
  });
});

describe("guardedUpdate", () => {
  it("sets, adds and removes with its own placeholders, stamps the time and bumps the version", () => {
    expect(
      guardedUpdate(
        { set: { status: "done", note: undefined }, add: { spent: 5 }, remove: ["lease"] },
        { at },
      ),
    ).toEqual({
      UpdateExpression: "SET #updatedAt = :at, #s0 = :s0 ADD #version :one, #a0 :a0 REMOVE #r0",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: {
        "#version": "version",
        "#updatedAt": "updatedAt",
        "#s0": "status",
        "#a0": "spent",
        "#r0": "lease",
      },
      ExpressionAttributeValues: { ":one": 1, ":at": at.toISOString(), ":s0": "done", ":a0": 5 },
    });
  });

  it("requires the item to exist and to satisfy the guard, bracketed so an OR in it cannot escape", () => {
    const built = guardedUpdate(
      { set: { status: "running" } },
      {
        at,
        guard: {
          expression: "#gstatus = :gqueued OR #gstatus = :gretry",
          names: { "#gstatus": "status" },
          values: { ":gqueued": "queued", ":gretry": "retry" },
        },
      },
    );
    expect(built.ConditionExpression).toBe(
      "attribute_exists(pk) AND (#gstatus = :gqueued OR #gstatus = :gretry)",
    );
    expect(built.ExpressionAttributeNames["#gstatus"]).toBe("status");
    expect(built.ExpressionAttributeValues).toMatchObject({ ":gqueued": "queued", ":gretry": "retry" });
  });

  it("on upsert drops the existence condition and writes the bookkeeping a create would", () => {
    const built = guardedUpdate(
      { add: { available: 10 } },
      { at, upsert: { entity: "CREDITS", id: "balance", scope: "tenant:t1" } },
    );
    expect(built.ConditionExpression).toBeUndefined();
    expect(built.UpdateExpression).toBe(
      "SET #updatedAt = :at, #entity = :entity, #id = :id, #scope = :scope, #createdAt = if_not_exists(#createdAt, :at) ADD #version :one, #a0 :a0",
    );
    expect(built.ExpressionAttributeValues).toMatchObject({
      ":entity": "CREDITS",
      ":id": "balance",
      ":scope": "tenant:t1",
    });
  });

  it("on upsert with a guard keeps the guard alone as the condition", () => {
    const built = guardedUpdate(
      { add: { available: -1 } },
      {
        at,
        upsert: { entity: "CREDITS", id: "balance", scope: "tenant:t1" },
        guard: {
          expression: "#gavailable >= :gone",
          names: { "#gavailable": "available" },
          values: { ":gone": 1 },
        },
      },
    );
    expect(built.ConditionExpression).toBe("(#gavailable >= :gone)");
  });

  it("refuses guard names and values without their prefixes, which could collide with the kit's", () => {
    expect(() =>
      guardedUpdate({}, { at, guard: { expression: "#status = :gx", names: { "#status": "status" } } }),
    ).toThrow(/Guard names start with #g/);
    expect(() =>
      guardedUpdate({}, { at, guard: { expression: "#gs = :one", values: { ":one": 2 } } }),
    ).toThrow(/Guard values start with :g/);
  });

  it("uses every name and value it declares (DynamoDB refuses an unused one)", () => {
    const built = guardedUpdate(
      { set: { a: 1 }, add: { b: 2 }, remove: ["c"] },
      { at, upsert: { entity: "E", id: "i", scope: "platform" } },
    );
    const text = `${built.UpdateExpression} ${built.ConditionExpression ?? ""}`;
    for (const placeholder of [
      ...Object.keys(built.ExpressionAttributeNames),
      ...Object.keys(built.ExpressionAttributeValues),
    ]) {
      expect(text).toMatch(new RegExp(`${placeholder}\\b`));
    }
  });
});

describe("afterGuardedChange", () => {
  it("applies sets, additions (a missing number counts as 0) and removals, and bumps version and time", () => {
    const item: Stored<{ status: string; spent?: number; lease?: string; note: string }> = {
      id: "r1",
      version: 2,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      status: "running",
      lease: "x",
      note: "kept",
    };
    expect(
      afterGuardedChange(
        item,
        { set: { status: "done", note: undefined }, add: { spent: 4 }, remove: ["lease"] },
        at,
      ),
    ).toEqual({
      id: "r1",
      version: 3,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: at.toISOString(),
      status: "done",
      spent: 4,
      note: "kept",
    });
  });
});
