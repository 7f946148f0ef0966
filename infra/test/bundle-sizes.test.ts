import { describe, expect, it } from "vitest";
import {
  BUNDLE_SIZE_MARGIN,
  bundleSizeProblems,
  measureBundleSizes,
  RECORD_COMMAND,
  readBundleBudget,
} from "#scripts/bench/bundle-sizes";

describe("the functions' bundle sizes", () => {
  it(`stay within ${BUNDLE_SIZE_MARGIN * 100} % of the sizes recorded in scripts/bench/bundle-sizes.json`, async () => {
    const problems = bundleSizeProblems(await measureBundleSizes(), readBundleBudget());
    // Each problem names its function; the message says how to record an intended growth.
    expect(
      problems,
      `${problems.join("\n")}\nIf that is intended, record the sizes of now: ${RECORD_COMMAND}`,
    ).toEqual([]);
  });

  it("are judged per function: growth past the margin, a new function and a removed one are each named", () => {
    const budget = { "api-auth": 500, "api-health": 100, "rule-gone": 10 };
    expect(bundleSizeProblems({ "api-auth": 510, "api-health": 103, "api-new": 1 }, budget)).toEqual([
      "api-health is 103 KiB, 3.0 % over its recorded 100 KiB",
      "api-new (1 KiB) has no recorded size",
      "rule-gone has a recorded size but is no longer declared",
    ]);
  });
});
