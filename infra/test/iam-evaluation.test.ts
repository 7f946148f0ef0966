import { describe, expect, it } from "vitest";
import { isAllowed, matchesIamPattern, type ResolvedStatement } from "./support/iam-evaluation.ts";

const TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/app-main";
const allow = (actions: string[], resources: string[], unevaluated = false): ResolvedStatement => ({
  effect: "Allow",
  actions,
  resources,
  unevaluated,
});

describe("matchesIamPattern", () => {
  it("takes * for any run of characters and ? for one, and nothing else as special", () => {
    expect(matchesIamPattern("dynamodb:Get*", "dynamodb:GetItem", true)).toBe(true);
    expect(matchesIamPattern(`${TABLE}/index/*`, `${TABLE}/index/gsi1`, false)).toBe(true);
    expect(matchesIamPattern(`${TABLE}/index/*`, TABLE, false)).toBe(false);
    expect(
      matchesIamPattern(
        "arn:aws:secretsmanager:r:a:secret:app/keys-??????",
        "arn:aws:secretsmanager:r:a:secret:app/keys-AbCdEf",
        false,
      ),
    ).toBe(true);
    expect(
      matchesIamPattern(
        "arn:aws:secretsmanager:r:a:secret:app/keys-??????",
        "arn:aws:secretsmanager:r:a:secret:app/keys-AbCdE",
        false,
      ),
    ).toBe(false);
    expect(matchesIamPattern("arn:aws:sqs:r:a:app.jobs", "arn:aws:sqs:r:a:appxjobs", false)).toBe(false);
  });

  it("matches actions whatever their case, resources only in theirs", () => {
    expect(matchesIamPattern("DynamoDB:getitem", "dynamodb:GetItem", true)).toBe(true);
    expect(matchesIamPattern(TABLE.toUpperCase(), TABLE, false)).toBe(false);
  });
});

describe("isAllowed", () => {
  it("allows only what some statement names: both the action and the resource", () => {
    const statements = [allow(["dynamodb:GetItem", "dynamodb:Query"], [TABLE, `${TABLE}/index/*`])];
    expect(isAllowed(statements, "dynamodb:Query", `${TABLE}/index/gsi2`)).toBe(true);
    expect(isAllowed(statements, "dynamodb:PutItem", TABLE)).toBe(false);
    expect(isAllowed(statements, "dynamodb:GetItem", `${TABLE}-other`)).toBe(false);
    expect(isAllowed([], "dynamodb:GetItem", TABLE)).toBe(false);
  });

  it("lets an explicit deny win, and never lets a conditional statement grant", () => {
    const deny: ResolvedStatement = { ...allow(["dynamodb:*"], ["*"]), effect: "Deny" };
    expect(isAllowed([allow(["dynamodb:GetItem"], [TABLE]), deny], "dynamodb:GetItem", TABLE)).toBe(false);
    expect(isAllowed([allow(["dynamodb:GetItem"], [TABLE], true)], "dynamodb:GetItem", TABLE)).toBe(false);
  });

  it("lets an action without resource-level permissions through only a grant on *", () => {
    expect(isAllowed([allow(["cloudwatch:GetMetricData"], ["*"])], "cloudwatch:GetMetricData", "*")).toBe(
      true,
    );
    expect(isAllowed([allow(["cloudwatch:GetMetricData"], [TABLE])], "cloudwatch:GetMetricData", "*")).toBe(
      false,
    );
  });
});
