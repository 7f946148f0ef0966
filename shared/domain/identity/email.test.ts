import { describe, expect, it } from "vitest";
import { ValidationError } from "#shared/domain/errors";
import { emailSchema, normalizeEmail, normalizeEmailForm } from "./email.ts";

describe("normalizeEmail", () => {
  it("folds full-width look-alikes into ASCII", () => {
    expect(normalizeEmail("ｅｘａｍｐｌｅ＠ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("example@example.com");
  });

  it("lower-cases and trims, ideographic spaces included", () => {
    expect(normalizeEmail("  Ann.Lee+Leads@Example.COM\t")).toBe("ann.lee+leads@example.com");
    expect(normalizeEmail("\u3000ANN@EXAMPLE.COM\u3000")).toBe("ann@example.com");
  });

  it("lower-cases what NFKC turns into capitals", () => {
    expect(normalizeEmail("ᴬnn@example.com")).toBe("ann@example.com");
    expect(normalizeEmail("ﬁnance@example.com")).toBe("finance@example.com");
  });

  it("keeps international addresses, normalized", () => {
    expect(normalizeEmail("JOSÉ@Exämple.de")).toBe("josé@exämple.de");
    expect(normalizeEmail("jose\u0301@example.de")).toBe("josé@example.de");
  });

  it("is idempotent", () => {
    for (const raw of [
      "ｅｘａｍｐｌｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
      " Ann@Example.com ",
      "ᴬnn@ΣΊΣΥΦΟΣ.gr",
      "İnci@example.com",
    ]) {
      const once = normalizeEmailForm(raw);
      expect(normalizeEmailForm(once)).toBe(once);
    }
  });

  it("refuses what is not a plausible address, without repeating it", () => {
    const rejects = [
      "",
      "   ",
      "ann",
      "ann@",
      "@example.com",
      "ann@example",
      "ann@@example.com",
      "ann@b@example.com",
      "ann@.example.com",
      "ann@example.com.",
      "ann@example..com",
      "ann lee@example.com",
      "ann@exa mple.com",
      "ann\n@example.com",
      "ann@example.com\r\nBcc: x@y.z",
      "an\u200Bn@example.com",
      "ann\u0000@example.com",
      '"ann lee"@example.com',
      "<ann@example.com>",
      "ann,bob@example.com",
      `${"a".repeat(65)}@example.com`,
      `ann@${"a".repeat(64)}.com`,
      `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(10)}`,
    ];
    for (const raw of rejects) {
      expect(() => normalizeEmail(raw), JSON.stringify(raw)).toThrow(ValidationError);
      expect(emailSchema.safeParse(raw).success, JSON.stringify(raw)).toBe(false);
    }
    expect(() => normalizeEmail("ann@example")).toThrow(
      expect.objectContaining({ code: "IDENTITY.INVALID_EMAIL" }),
    );
    expect(() => normalizeEmail("secret-name@example")).not.toThrow(/secret-name/);
  });

  it("accepts the longest plausible address: 64-octet local part, 254 octets in all", () => {
    const local = "a".repeat(64);
    const domain = `${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    const email = `${local}@${domain}`;
    expect(email).toHaveLength(254);
    expect(normalizeEmail(email)).toBe(email);
    expect(() => normalizeEmail(`${local}@${domain}d`)).toThrow(ValidationError);
  });

  it("counts octets, so 22 three-byte characters are too long for a local part", () => {
    expect(normalizeEmail(`${"€".repeat(21)}@example.com`)).toBe(`${"€".repeat(21)}@example.com`);
    expect(() => normalizeEmail(`${"€".repeat(22)}@example.com`)).toThrow(ValidationError);
  });
});

describe("emailSchema", () => {
  it("outputs the normalized address", () => {
    expect(emailSchema.parse(" Ann@Example.COM ")).toBe("ann@example.com");
  });
});
