/** How content is shown: the item, a version, a comment — never the store's bookkeeping. */
import type { ContentComment, ContentVersion, StoredContent } from "#shared/domain/content/content";
import type { CalendarEntry } from "#shared/domain/content/ports";

export function itemView(item: StoredContent) {
  return {
    contentId: item.contentId,
    type: item.type,
    role: item.role,
    runId: item.runId,
    status: item.status,
    title: item.title,
    latestVersion: item.latestVersion,
    revisions: item.revisions,
    ...(item.waitingSince ? { waitingSince: item.waitingSince } : {}),
    ...(item.feedback ? { feedback: item.feedback } : {}),
    ...(item.revisionRunId ? { revisionRunId: item.revisionRunId } : {}),
    ...(item.reviewerApproval ? { reviewerApproval: item.reviewerApproval } : {}),
    ...(item.scheduledFor ? { scheduledFor: item.scheduledFor } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

export function versionView(version: ContentVersion) {
  return {
    version: version.version,
    body: version.body,
    source: version.source,
    findings: [...version.findings],
    ...(version.feedback ? { feedback: version.feedback } : {}),
    createdAt: version.createdAt,
  };
}

export function commentView(comment: ContentComment) {
  return {
    commentId: comment.commentId,
    author: comment.author,
    version: comment.onVersion,
    body: comment.body,
    createdAt: comment.createdAt,
  };
}

/** The store hands back its bookkeeping with an entry; the calendar shows only these four fields. */
export function calendarEntryView(entry: CalendarEntry) {
  return {
    contentId: entry.contentId,
    contentType: entry.contentType,
    title: entry.title,
    scheduledFor: entry.scheduledFor,
  };
}
