/** An item that is not there, or not the caller's (the API does not say which, and neither does this). */
import { Link } from "react-router";
import { Empty } from "../ui/feedback.tsx";
import { PageHeader } from "../ui/layout.tsx";

export function ContentNotFound({ back, backLabel }: { back: string; backLabel: string }) {
  return (
    <div className="stack">
      <PageHeader title="Content not found" />
      <Empty>
        <p>This content was not found: it does not exist, or it is not yours to see.</p>
        <Link to={back}>{backLabel}</Link>
      </Empty>
    </div>
  );
}
