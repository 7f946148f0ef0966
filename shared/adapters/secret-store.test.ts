import { describe, expect, it } from "vitest";
import { openTable } from "./dynamodb/open-table.ts";
import { onFirstUse, type SecretReader } from "./secret-store.ts";

describe("onFirstUse", () => {
  it("loads on the first call, not before, and then answers every call from that one load", async () => {
    let loads = 0;
    const value = onFirstUse(async () => ++loads);
    expect(loads).toBe(0);
    expect(await Promise.all([value(), value()])).toEqual([1, 1]);
    expect(await value()).toBe(1);
    expect(loads).toBe(1);
  });

  it("does not hold a failed load: the next call loads again", async () => {
    let loads = 0;
    const value = onFirstUse(async () => {
      loads += 1;
      if (loads === 1) throw new Error("Secrets Manager is down");
      return "key";
    });
    await expect(value()).rejects.toThrow("Secrets Manager is down");
    expect(await value()).toBe("key");
    expect(loads).toBe(2);
  });
});

describe("openTable", () => {
  it("does not read the cursor key while the function starts", async () => {
    const asked: string[] = [];
    const read: SecretReader = async (secretId) => {
      asked.push(secretId);
      return Buffer.alloc(32, 7).toString("base64");
    };
    await openTable(
      { declared: { table: "read", secrets: ["cursor-key"] }, tableName: "t", secretId: (s) => `app/${s}` },
      read,
    );
    expect(asked).toEqual([]);
  });
});
