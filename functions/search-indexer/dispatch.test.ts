import { describe, expect, it } from "vitest";
import { indexedEvents, searchIndexerRule } from "#shared/contracts/search-indexer";
import { dispatch } from "./dispatch.ts";
import { readIndexerEvent, UnreadableEventError } from "./read-event.ts";

describe("the search indexer's dispatch table", () => {
  it("has an entry for exactly the events its rule delivers", () => {
    const delivered = indexedEvents.map((e) => e.event.detailType).sort();
    expect(Object.keys(dispatch).sort()).toEqual(delivered);
    const inPattern = (searchIndexerRule.pattern.$or as { "detail-type": string[] }[]).flatMap(
      (p) => p["detail-type"],
    );
    expect(inPattern.sort()).toEqual(delivered);
  });

  it("refuses an event it has no entry for, rather than dropping it", () => {
    const raw = {
      id: "e1",
      source: "leadmetrics.content",
      "detail-type": "content.unknown",
      detail: {
        metadata: {
          eventId: "m1",
          correlationId: "c1",
          tenantId: "acme",
          occurredAt: "2026-01-01T00:00:00Z",
        },
        data: {},
      },
    };
    expect(() => readIndexerEvent(raw, dispatch)).toThrow(UnreadableEventError);
  });

  it("refuses an event without a tenant", () => {
    expect(() =>
      readIndexerEvent({ id: "e1", source: "s", "detail-type": "agent.failed", detail: {} }, dispatch),
    ).toThrow(UnreadableEventError);
  });
});
