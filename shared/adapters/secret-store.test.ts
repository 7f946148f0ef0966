import { describe, expect, it } from "vitest";
import { openTable } from "./dynamodb/open-table.ts";
import type { SecretReader } from "./secret-store.ts";

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
