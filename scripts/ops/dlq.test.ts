import { describe, expect, it } from "vitest";
import type { AgentQueueStatus } from "#shared/domain/ops/agent-queues";
import {
  DlqUsageError,
  formatAge,
  formatDeadLetters,
  formatQueueStatuses,
  formatRedrive,
  parseDlqCommand,
} from "./dlq.ts";

/** An agent queue's status with nothing in it; a case names only what it is about. */
const status = (role: string, overrides: Partial<AgentQueueStatus> = {}): AgentQueueStatus => ({
  role,
  queue: `agent-${role}`,
  deadLetterQueue: `agent-${role}-dlq`,
  depth: 0,
  inFlight: 0,
  delayed: 0,
  dlqDepth: 0,
  oldestMessageAgeSeconds: null,
  dlqOldestMessageAgeSeconds: null,
  lastRedrive: null,
  ...overrides,
});

describe("npm run ops -- dlq", () => {
  it("reads list, peek with its limit, and redrive", () => {
    expect(parseDlqCommand(["list"], undefined)).toEqual({ action: "list" });
    expect(parseDlqCommand(["peek", "setup"], undefined)).toEqual({
      action: "peek",
      role: "setup",
      limit: 10,
    });
    expect(parseDlqCommand(["peek", "setup"], "25")).toEqual({ action: "peek", role: "setup", limit: 25 });
    expect(parseDlqCommand(["redrive", "blog-writer"], undefined)).toEqual({
      action: "redrive",
      role: "blog-writer",
    });
  });

  it("refuses a missing role, extra arguments and a limit outside 1–50", () => {
    expect(() => parseDlqCommand(["peek"], undefined)).toThrow(DlqUsageError);
    expect(() => parseDlqCommand(["redrive", "setup", "now"], undefined)).toThrow(
      "unexpected arguments: now",
    );
    expect(() => parseDlqCommand(["list", "setup"], undefined)).toThrow(DlqUsageError);
    for (const limit of ["0", "51", "2.5", "ten"]) {
      expect(() => parseDlqCommand(["peek", "setup"], limit)).toThrow(
        "--limit must be a whole number from 1 to 50",
      );
    }
  });

  it("lists the queues as an aligned table, with the ages of their oldest messages", () => {
    const text = formatQueueStatuses({
      items: [
        status("setup", {
          depth: 12,
          inFlight: 3,
          dlqDepth: 1,
          oldestMessageAgeSeconds: 93,
          dlqOldestMessageAgeSeconds: 90_061,
          lastRedrive: { status: "COMPLETED", moved: 2, toMove: 2, startedAt: "2026-01-01T00:00:00.000Z" },
        }),
        status("blog-writer", { delayed: 4 }),
      ],
      warnings: [],
    });

    expect(text.split("\n")).toEqual([
      "ROLE         QUEUE              DEPTH  IN FLIGHT  DELAYED  OLDEST  DLQ  DLQ OLDEST  LAST REDRIVE",
      "setup        agent-setup        12     3          0        1m 33s  1    1d 1h       COMPLETED 2/2 2026-01-01T00:00:00.000Z",
      "blog-writer  agent-blog-writer  0      0          4        -       0    -           -",
    ]);
  });

  it("shows unknown ages as ? and says why under the table", () => {
    const text = formatQueueStatuses({
      items: [status("setup", { depth: 1, dlqDepth: 2 })],
      warnings: [{ code: "QUEUES.AGES_UNAVAILABLE", message: "CloudWatch could not be read." }],
    });

    expect(text.split("\n")).toEqual([
      "ROLE   QUEUE        DEPTH  IN FLIGHT  DELAYED  OLDEST  DLQ  DLQ OLDEST  LAST REDRIVE",
      "setup  agent-setup  1      0          0        ?       2    ?           -",
      "warning: CloudWatch could not be read.",
    ]);
  });

  it("shows each peeked job, its reason when known and a malformed body as it is", () => {
    const text = formatDeadLetters({
      role: "setup",
      deadLetterQueue: "agent-setup-dlq",
      items: [
        {
          messageId: "m1",
          runId: "01J0000000000000000000000A",
          tenantId: "t1",
          correlationId: "c1",
          receiveCount: 6,
          sentAt: "2026-01-02T03:02:35.000Z",
          ageSeconds: 3725,
          reason: "model timed out",
        },
        {
          messageId: "m2",
          runId: null,
          tenantId: null,
          correlationId: null,
          receiveCount: 7,
          sentAt: "2026-01-02T03:04:00.000Z",
          ageSeconds: 5,
          body: "not json",
        },
      ],
    });

    expect(text).toBe(
      [
        "agent-setup-dlq: 2 job(s) shown, left in place",
        "",
        "message m1",
        "  run          01J0000000000000000000000A",
        "  tenant       t1",
        "  correlation  c1",
        "  receives     6",
        "  sent         2026-01-02T03:02:35.000Z (1h 2m ago)",
        "  reason       model timed out",
        "",
        "message m2",
        "  run          (not an agent job)",
        "  tenant       -",
        "  correlation  -",
        "  receives     7",
        "  sent         2026-01-02T03:04:00.000Z (5s ago)",
        "  body         not json",
      ].join("\n"),
    );
    expect(formatDeadLetters({ role: "setup", deadLetterQueue: "agent-setup-dlq", items: [] })).toBe(
      "agent-setup-dlq: empty (nothing to redrive)",
    );
  });

  it("says what a redrive started and how to follow it", () => {
    expect(
      formatRedrive({
        role: "setup",
        queue: "agent-setup",
        deadLetterQueue: "agent-setup-dlq",
        taskHandle: "abc",
        messagesToMove: 3,
      }),
    ).toBe(
      [
        "redrive of agent-setup-dlq → agent-setup started: about 3 job(s) to move",
        "task abc",
        "follow it with: npm run ops -- dlq list",
      ].join("\n"),
    );
  });

  it("writes ages in the two largest units", () => {
    expect([0, 59, 93, 3725, 90_061].map(formatAge)).toEqual(["0s", "59s", "1m 33s", "1h 2m", "1d 1h"]);
  });
});
