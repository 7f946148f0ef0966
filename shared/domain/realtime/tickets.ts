/**
 * Tickets: how a browser proves who it is to the WebSocket API without putting a token in a URL. A
 * signed-in caller asks for one over HTTPS (with its token in the header); the ticket is 256 random
 * bits, single-use and valid for at most 60 s; only its SHA-256 digest is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Principal } from "#shared/domain/access/principal";
import { TicketRefusedError } from "./errors.ts";
import type { ConnectionIdentity } from "./identity.ts";
import type { TicketRepository } from "./ports.ts";

/** How long a ticket may be redeemed after it is issued. */
export const TICKET_TTL_SECONDS = 60;

/** What a ticket looks like on the wire: 43 base64url characters (256 bits). */
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface TicketDeps {
  tickets: TicketRepository;
  now: () => Date;
  /** @default 32 random bytes */
  randomTicket?: () => string;
}

/** The key a ticket is stored under: its SHA-256, so a read of the table yields no usable ticket. */
export function ticketDigest(ticket: string): string {
  return createHash("sha256").update(ticket).digest("hex");
}

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Primary course: draw a random ticket, store its digest with the caller's identity and an expiry
 * 60 s ahead, answer the ticket. `tokenExpiresAt` bounds how long the connection may live.
 */
export async function issueTicket(
  deps: TicketDeps,
  principal: Principal,
  tokenExpiresAt: number,
): Promise<{ ticket: string; expiresAt: string }> {
  const now = deps.now();
  const ticket = deps.randomTicket?.() ?? randomBytes(32).toString("base64url");
  const expiresAt = epochSeconds(now) + TICKET_TTL_SECONDS;
  const identity: ConnectionIdentity =
    principal.kind === "tenant"
      ? { userId: principal.userId, role: principal.role, tenantId: principal.tenantId, tokenExpiresAt }
      : { userId: principal.userId, role: principal.role, tokenExpiresAt };
  await deps.tickets.save(ticketDigest(ticket), { identity, expiresAt });
  return { ticket, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/**
 * Redeems a ticket once: answers the identity it was issued for, or throws `TicketRefusedError` when
 * it is malformed, unknown, used already or expired (the repository's conditional delete decides, so
 * two concurrent redemptions cannot both succeed).
 */
export async function redeemTicket(deps: TicketDeps, ticket: unknown): Promise<ConnectionIdentity> {
  if (typeof ticket !== "string" || !TICKET_FORMAT.test(ticket)) {
    throw new TicketRefusedError("The ticket is malformed");
  }
  const now = epochSeconds(deps.now());
  const stored = await deps.tickets.consume(ticketDigest(ticket), now);
  if (!stored) throw new TicketRefusedError("The ticket is unknown, used or expired");
  if (stored.identity.tokenExpiresAt <= now)
    throw new TicketRefusedError("The token behind the ticket expired");
  return stored.identity;
}
