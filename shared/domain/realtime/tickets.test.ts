import { describe, expect, it } from "vitest";
import type { Principal } from "#shared/domain/access/principal";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { TicketRefusedError } from "./errors.ts";
import { fakeTickets } from "./testing/in-memory.ts";
import { issueTicket, redeemTicket, TICKET_TTL_SECONDS, ticketDigest } from "./tickets.ts";

const T0 = new Date("2026-03-01T12:00:00.000Z");
const t0 = T0.getTime() / 1000;
const member: Principal = {
  kind: "tenant",
  userId: "u1",
  role: "member",
  tenantId: parseTenantId("acme"),
  jti: "j",
};
const reviewer: Principal = { kind: "staff", userId: "r1", role: "reviewer", jti: "j" };

function setup() {
  let now = T0;
  const tickets = fakeTickets();
  const deps = { tickets, now: () => now };
  return { deps, tickets, at: (seconds: number) => (now = new Date(T0.getTime() + seconds * 1000)) };
}

describe("tickets", () => {
  it("stores only the digest of a 256-bit ticket, with the caller's identity and a 60 s expiry", async () => {
    const { deps, tickets } = setup();
    const { ticket, expiresAt } = await issueTicket(deps, member, t0 + 900);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(new Date((t0 + TICKET_TTL_SECONDS) * 1000).toISOString());
    expect([...tickets.stored.keys()]).toEqual([ticketDigest(ticket)]);
    expect(tickets.stored.get(ticketDigest(ticket))).toEqual({
      identity: { userId: "u1", role: "member", tenantId: "acme", tokenExpiresAt: t0 + 900 },
      expiresAt: t0 + 60,
    });
  });

  it("gives staff an identity without a tenant", async () => {
    const { deps } = setup();
    const { ticket } = await issueTicket(deps, reviewer, t0 + 900);
    expect(await redeemTicket(deps, ticket)).toEqual({
      userId: "r1",
      role: "reviewer",
      tokenExpiresAt: t0 + 900,
    });
  });

  it("redeems a ticket once: a replay is refused", async () => {
    const { deps } = setup();
    const { ticket } = await issueTicket(deps, member, t0 + 900);
    await expect(redeemTicket(deps, ticket)).resolves.toMatchObject({ userId: "u1", tenantId: "acme" });
    await expect(redeemTicket(deps, ticket)).rejects.toBeInstanceOf(TicketRefusedError);
  });

  it("refuses a ticket at its expiry, and one whose token has expired", async () => {
    const { deps, at } = setup();
    const late = await issueTicket(deps, member, t0 + 900);
    at(TICKET_TTL_SECONDS);
    await expect(redeemTicket(deps, late.ticket)).rejects.toBeInstanceOf(TicketRefusedError);
    at(0);
    const shortToken = await issueTicket(deps, member, t0 + 10);
    at(10);
    await expect(redeemTicket(deps, shortToken.ticket)).rejects.toThrow("token behind the ticket expired");
  });

  it.each([
    ["unknown", "A".repeat(43)],
    ["malformed", "not a ticket"],
    ["missing", undefined],
    ["not a string", 42],
  ])("refuses a %s ticket", async (_, ticket) => {
    const { deps } = setup();
    await expect(redeemTicket(deps, ticket)).rejects.toBeInstanceOf(TicketRefusedError);
  });
});
