/**
 * Primary course: an event arrives (content changed status, a run failed); its message names an
 * audience; the audience's people in the tenant are listed; each gets one notification, created
 * conditionally under an id derived from the event and the user, so a redelivered event adds none.
 */
import type { Page, PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { type Audience, messageOf, type NotifiableEvent } from "./audiences.ts";
import { type Notification, notificationId, type Recipient } from "./notification.ts";
import type { NotifyDeps } from "./ports.ts";

/** What the notifier did with one event. */
export interface NotifyResult {
  /**
   * Every notification the event gives, whether this delivery created it or an earlier one did: the
   * caller announces each (an earlier delivery may have stored it and failed before announcing it).
   */
  notifications: Notification[];
  /** How many this delivery created. */
  created: number;
}

/** Notifications written at once: enough to be quick, few enough not to throttle one user's counter. */
const CONCURRENT_WRITES = 8;
/** The page size the audience is read in. */
const AUDIENCE_PAGE = 100;

export async function notifyFromEvent(
  deps: NotifyDeps,
  tenantId: TenantId,
  event: NotifiableEvent,
): Promise<NotifyResult> {
  const message = messageOf(event);
  if (message === undefined) return { notifications: [], created: 0 };
  const people = await audienceOf(deps, tenantId, message.audience);
  const recipients = people.filter((r) => r.userId !== message.exclude);
  if (recipients.length === 0) return { notifications: [], created: 0 };
  // Staff work across tenants: their summary names the tenant. Read only once someone is to be told
  // (a tenant with no reviewer assigned is told nothing, and costs one read, not two).
  const profile =
    message.audience === "assigned-reviewers" ? await deps.tenants.profile(tenantId) : undefined;
  const summary = message.summary(profile?.name);
  const results: { notification: Notification; created: boolean }[] = [];
  for (let i = 0; i < recipients.length; i += CONCURRENT_WRITES) {
    const batch = recipients.slice(i, i + CONCURRENT_WRITES);
    results.push(
      ...(await Promise.all(
        batch.map((recipient) =>
          deps.notifications.create(recipient, {
            id: notificationId(event.eventId, recipient.userId),
            userId: recipient.userId,
            tenantId,
            kind: message.kind,
            title: message.title,
            summary,
            ...(message.contentId !== undefined ? { contentId: message.contentId } : {}),
            ...(message.runId !== undefined ? { runId: message.runId } : {}),
            eventId: event.eventId,
          }),
        ),
      )),
    );
  }
  return {
    notifications: results.map((r) => r.notification),
    created: results.filter((r) => r.created).length,
  };
}

/** The people of the tenant in an audience, every page of them. */
async function audienceOf(deps: NotifyDeps, tenantId: TenantId, audience: Audience): Promise<Recipient[]> {
  if (audience === "assigned-reviewers") {
    const assignments = await allPages((page) => deps.assignments.list(tenantId, page));
    // Reviewers are staff: their notifications are kept apart from any tenant's.
    return assignments.map((a) => ({ userId: a.reviewerId }));
  }
  const users = await allPages((page) => deps.tenantUsers.list(tenantId, page));
  return users
    .filter((u) => u.status === "active" && (audience === "tenant-users" || u.role === "admin"))
    .map((u) => ({ userId: u.id, tenantId }));
}

async function allPages<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<Page<T>["items"]> {
  const items: Page<T>["items"] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: AUDIENCE_PAGE, ...(cursor !== undefined ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}
