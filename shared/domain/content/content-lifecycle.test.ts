import { describe, expect, it } from "vitest";
import {
  CONTENT_ACTIONS,
  CONTENT_ACTORS,
  type ContentAction,
  type ContentActor,
  contentTransition,
} from "./content-lifecycle.ts";
import {
  CONTENT_STATUSES,
  type ContentStatus,
  REVIEW_POLICIES,
  type ReviewPolicy,
} from "./content-status.ts";

/**
 * Every legal move, written out independently of the table: `action from actor policies → to`. Any
 * (action, from, actor, policy) not listed here must be refused — the test walks all of them.
 */
const LEGAL = `
create - pipeline reviewer,reviewer-then-tenant -> in_review
create - pipeline none -> approved
submit generating pipeline reviewer,reviewer-then-tenant -> in_review
submit generating pipeline none -> approved
approve in_review reviewer none,reviewer -> approved
approve in_review reviewer reviewer-then-tenant -> in_tenant_review
approve in_tenant_review tenant-admin * -> approved
request-changes in_review reviewer * -> changes_requested
request-changes in_tenant_review tenant-admin * -> changes_requested
request-changes changes_requested reviewer * -> changes_requested
request-changes changes_requested tenant-admin * -> changes_requested
revise changes_requested pipeline * -> generating
revision-failed generating pipeline * -> changes_requested
edit in_review reviewer * -> in_review
edit in_tenant_review reviewer * -> in_tenant_review
edit in_tenant_review tenant-admin * -> in_tenant_review
edit changes_requested reviewer reviewer,reviewer-then-tenant -> in_review
edit changes_requested tenant-admin reviewer,reviewer-then-tenant -> in_review
edit changes_requested reviewer none -> approved
edit changes_requested tenant-admin none -> approved
schedule approved tenant-admin * -> scheduled
schedule scheduled tenant-admin * -> scheduled
unschedule scheduled tenant-admin * -> approved
publish scheduled pipeline * -> published
${["generating", "in_review", "in_tenant_review", "changes_requested", "approved", "scheduled", "published"]
  .flatMap((from) => [`archive ${from} reviewer * -> archived`, `archive ${from} tenant-admin * -> archived`])
  .join("\n")}
`;

function expected(): Map<string, ContentStatus> {
  const moves = new Map<string, ContentStatus>();
  for (const line of LEGAL.trim().split("\n")) {
    const [action, from, actor, policies, , to] = line.split(" ");
    const list = policies === "*" ? REVIEW_POLICIES : (policies?.split(",") as ReviewPolicy[]);
    for (const policy of list) moves.set(`${action} ${from} ${actor} ${policy}`, to as ContentStatus);
  }
  return moves;
}

describe("the content lifecycle", () => {
  const legal = expected();
  const froms: (ContentStatus | null)[] = [null, ...CONTENT_STATUSES];
  const cases: [ContentAction, ContentStatus | null, ContentActor, ReviewPolicy][] = CONTENT_ACTIONS.flatMap(
    (action) =>
      froms.flatMap((from) =>
        CONTENT_ACTORS.flatMap((actor) =>
          REVIEW_POLICIES.map((policy) => [action, from, actor, policy] as const),
        ),
      ),
  ) as never;

  it("is judged on every combination of action, status, actor and policy", () => {
    expect(cases).toHaveLength(CONTENT_ACTIONS.length * 9 * 3 * 3);
  });

  it.each(cases)("%s from %s by %s under %s", (action, from, actor, policy) => {
    const move = contentTransition(action, from, actor, policy);
    expect(move?.to).toBe(legal.get(`${action} ${from ?? "-"} ${actor} ${policy}`));
  });

  it("never moves an archived item, and nobody but the pipeline creates or submits", () => {
    for (const [action, from, actor, policy] of cases) {
      const move = contentTransition(action, from, actor, policy);
      if (from === "archived") expect(move).toBeUndefined();
      if (move && (action === "create" || action === "submit" || action === "revise"))
        expect(actor).toBe("pipeline");
    }
  });
});
