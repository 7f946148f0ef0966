/** Audit entries as a person reads them: who, what, to whom, and the facts of the act. */
import type { ResponseOf } from "../api/routes.ts";
import { humanize } from "../ui/format.ts";

export type AuditEntry = ResponseOf<"GET /api/admin/v1/audit">["items"][number];

const ROLE_NAMES: Record<string, string> = {
  member: "Member",
  admin: "Tenant admin",
  reviewer: "Reviewer",
  super_admin: "Super-admin",
};

/** "credits.granted" → "Credits granted"; "review-policy.changed" → "Review policy changed". */
export function describeType(type: string): string {
  return humanize(type.replace(/\./g, " "));
}

/** Who acted: their role and name (their id when the user is gone), or that nobody was signed in. */
export function describeActor(actor: AuditEntry["actor"]): string {
  if (!actor) return "Nobody signed in";
  return `${ROLE_NAMES[actor.role] ?? humanize(actor.role)} ${actor.name ?? actor.userId}`;
}

/** Whom or what it was done to: the user by name and e-mail as far as known, and the tenant by name. */
export function describeTarget(target: AuditEntry["target"]): string {
  if (!target) return "—";
  const user = target.userName && target.email ? `${target.userName} <${target.email}>` : target.userName;
  const parts = [
    user ?? target.email ?? (target.userId ? `user ${target.userId}` : ""),
    target.tenantName ?? (target.tenantId ? `tenant ${target.tenantId}` : ""),
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "—";
}

/** "messagesToMove" → "messages to move"; "from" stays "from". */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .toLowerCase();
}

/** The entry's facts, one "key: value" each, in the order recorded: "from: member · to: admin". */
export function describeDetails(details: AuditEntry["details"]): string[] {
  if (!details) return [];
  return Object.entries(details).map(([key, value]) => `${words(key)}: ${String(value)}`);
}
