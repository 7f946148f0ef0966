/** A content item's status as a badge with a plain-language label; its meaning as the tooltip. */
import { Badge } from "../ui/feedback.tsx";
import { type ContentStatus, statusLabel, statusMeaning, statusTone } from "./status.ts";

export function StatusBadge({ status }: { status: ContentStatus }) {
  return (
    <span title={statusMeaning(status)}>
      <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>
    </span>
  );
}
