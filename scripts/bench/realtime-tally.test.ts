import { describe, expect, it } from "vitest";
import { type Heard, type Sent, tally } from "./realtime-tally.ts";

const sent = new Map<string, Sent>([
  ["e1", { tenantId: "a", at: 100 }],
  ["e2", { tenantId: "a", at: 110 }],
  ["e3", { tenantId: "b", at: 120 }],
]);
const message = (tenantId: string, correlationId: string) => ({
  type: "agent.progress",
  tenantId,
  correlationId,
});

describe("tally", () => {
  it("measures each delivery from its PutEvents and counts none wrong when every socket heard its tenant", () => {
    const sockets: Heard[] = [
      { tenantId: "a", messages: [message("a", "e2"), message("a", "e1")], arrivals: [130, 140] },
      { tenantId: "a", messages: [message("a", "e1"), message("a", "e2")], arrivals: [105, 150] },
      { tenantId: "b", messages: [message("b", "e3")], arrivals: [125] },
    ];
    expect(tally(sent, sockets)).toEqual({
      latencies: [5, 5, 20, 40, 40],
      crossTenant: 0,
      missing: 0,
      duplicates: 0,
      unexpected: 0,
      spanMs: 50,
    });
  });

  it("counts another tenant's message, a missing event, a duplicate and an unknown one", () => {
    const sockets: Heard[] = [
      {
        tenantId: "a",
        messages: [message("a", "e1"), message("b", "e3"), message("a", "e1"), message("a", "zz")],
        arrivals: [101, 121, 122, 123],
      },
      // A message that names socket b's tenant for an event of tenant a is a leak all the same.
      { tenantId: "b", messages: [message("b", "e1")], arrivals: [130] },
    ];
    const result = tally(sent, sockets);
    expect(result).toMatchObject({
      latencies: [1],
      crossTenant: 2,
      missing: 2,
      duplicates: 1,
      unexpected: 1,
    });
  });
});
