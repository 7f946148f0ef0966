/** What the pre-review checks found in a version: severity in words (not colour alone), where, and what. */
import type { FindingView } from "#shared/contracts/content-views";
import { Badge } from "../ui/feedback.tsx";
import { fieldLabel } from "./body-fields.ts";

const CHECK_LABELS: Record<FindingView["check"], string> = {
  "avoided-word": "Word to avoid",
  length: "Length",
  "required-section": "Missing section",
};

export function FindingsList({ findings }: { findings: readonly FindingView[] }) {
  if (findings.length === 0) {
    return <p className="muted">No findings: the pre-review checks passed.</p>;
  }
  return (
    <ul className="findings">
      {findings.map((finding, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: findings are a fixed list per version
        <li key={i} className="row">
          <Badge tone={finding.severity === "error" ? "danger" : "warning"}>
            {finding.severity === "error" ? "Error" : "Warning"}
          </Badge>
          <strong>{CHECK_LABELS[finding.check]}</strong>
          <span>{finding.message}</span>
          {finding.path ? <span className="muted">in {fieldLabel(finding.path)}</span> : null}
        </li>
      ))}
    </ul>
  );
}
