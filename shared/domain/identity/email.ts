import * as z from "zod/mini";
import { InvalidEmailError } from "./errors.ts";

/** RFC 5321 limits, in octets: the whole path 254 (256 minus the angle brackets), the local part 64. */
export const EMAIL_LIMITS = Object.freeze({ maxBytes: 254, maxLocalBytes: 64, maxLabelBytes: 63 });

/** Whitespace, control and format characters (zero-width joiners, bidi marks), and RFC 5322 specials. */
const FORBIDDEN = /[\s\p{C}()<>[\]:;,\\"]/u;

/**
 * The one spelling of an e-mail address under which it is stored and looked up: NFKC-normalized,
 * trimmed, lower-cased. NFKC folds compatibility characters into their plain forms, so full-width
 * `ｅｘａｍｐｌｅ＠ｅｘａｍｐｌｅ．ｃｏｍ` (and ligatures, superscripts, …) become ASCII `example@example.com`
 * and cannot register a look-alike second account. Lower-casing (locale-independent `toLowerCase`)
 * does the same for case: RFC 5321 lets a local part be case-sensitive, but no provider we serve
 * treats `Ann@` and `ann@` as two mailboxes, and two accounts for one mailbox is the worse outcome.
 * NFKC runs first because it can produce upper-case letters (`ᴬ` → `A`). Idempotent.
 */
export function normalizeEmailForm(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

/** Whether a normalized string is a plausible address; deliverability is for a confirmation e-mail. */
function isPlausibleEmail(email: string): boolean {
  if (FORBIDDEN.test(email) || octets(email) > EMAIL_LIMITS.maxBytes) return false;
  const parts = email.split("@");
  if (parts.length !== 2) return false;
  const [local = "", domain = ""] = parts;
  if (local.length === 0 || octets(local) > EMAIL_LIMITS.maxLocalBytes) return false;
  const labels = domain.split(".");
  return (
    labels.length >= 2 &&
    labels.every((label) => label.length > 0 && octets(label) <= EMAIL_LIMITS.maxLabelBytes)
  );
}

function octets(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

/**
 * An e-mail address as a user sends it: normalized (see `normalizeEmailForm`), then refused unless it
 * is plausible: exactly one `@`, a local part of 1–64 octets, a domain of at least two non-empty
 * labels, at most 254 octets in all, and no whitespace, control, invisible or RFC 5322 special
 * characters (so quoted local parts like `"a b"@x.com` are not accepted).
 */
export const emailSchema = z
  .string()
  .check(
    z.overwrite(normalizeEmailForm),
    z.refine(isPlausibleEmail, { error: "Not a valid e-mail address" }),
  );

/**
 * The normalized form of an e-mail address, for code that takes one outside a route schema (sign-in,
 * invitations, ops commands). An implausible address → `InvalidEmailError`,
 * whose message does not repeat the input.
 */
export function normalizeEmail(raw: string): string {
  const result = emailSchema.safeParse(raw);
  if (!result.success) {
    throw new InvalidEmailError();
  }
  return result.data;
}
