/**
 * A failed decision or edit. A stale version (409 CONTENT.MOVED) is not the person's mistake: the
 * item changed meanwhile and has been reloaded, so they look again and decide on what is there now.
 */
import { describeError } from "../api/errors.ts";
import { Alert } from "../ui/feedback.tsx";
import { isContentMoved } from "./errors.ts";

export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  if (isContentMoved(error)) {
    return (
      <Alert tone="info">
        This item changed meanwhile (a new version arrived or someone else decided), so it has been reloaded.
        Check the latest version, then try again.
      </Alert>
    );
  }
  return <Alert>{describeError(error)}</Alert>;
}
