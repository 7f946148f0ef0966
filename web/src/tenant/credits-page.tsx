/**
 * The tenant's credits: what is available, reserved by running agents, granted and spent, and the
 * ledger of every change, newest first, a page at a time.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { CreditsView } from "#shared/contracts/agents.routes";
import { useApi } from "../app/session-context.tsx";
import { Badge, QueryView, type Tone } from "../ui/feedback.tsx";
import { formatCredits, formatDateTime } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";

type Entry = CreditsView["ledger"][number];

/** Each kind of ledger entry in plain words, and how it moves the balance. */
const KINDS: Readonly<Record<Entry["kind"], { label: string; tone: Tone; sign: string }>> = {
  grant: { label: "Granted", tone: "success", sign: "+" },
  reserve: { label: "Reserved for a run", tone: "neutral", sign: "−" },
  commit: { label: "Charged for a run", tone: "info", sign: "" },
  release: { label: "Returned from a run", tone: "success", sign: "+" },
};

export function CreditsPage() {
  const api = useApi();
  const credits = useInfiniteQuery({
    queryKey: ["credits", "ledger"],
    queryFn: ({ pageParam }) => api("GET /api/tenant/v1/credits", { query: { cursor: pageParam } }),
    ...byCursor,
  });
  return (
    <div className="stack">
      <PageHeader
        title="Credits"
        description="Each agent run reserves its price when it starts; when it ends you are charged for what it used and the rest comes back. Credits are granted by Leadmetrics."
      />
      <QueryView query={credits} label="Loading credits">
        {(data) => {
          const [first] = data.pages;
          const ledger = data.pages.flatMap((page) => page.ledger);
          return (
            <>
              {first ? (
                <div className="grid">
                  <Stat label="Available" value={first.balance} testId="credit-balance" />
                  <Stat label="Reserved by running agents" value={first.reserved} />
                  <Stat label="Granted in total" value={first.granted} />
                  <Stat label="Spent in total" value={first.spent} />
                </div>
              ) : null}
              <Card title="Ledger">
                {ledger.length === 0 ? (
                  <p className="muted">No credit movements yet.</p>
                ) : (
                  <DataTable
                    caption="Credit ledger, newest first"
                    rows={ledger}
                    rowKey={(entry) => entry.id}
                    columns={[
                      { header: "When", cell: (entry) => formatDateTime(entry.at) },
                      {
                        header: "What",
                        cell: (entry) => (
                          <Badge tone={KINDS[entry.kind].tone}>{KINDS[entry.kind].label}</Badge>
                        ),
                      },
                      { header: "Amount", cell: amount },
                      {
                        header: "Details",
                        cell: (entry) =>
                          entry.runId ? (
                            <Link to={`/app/runs/${encodeURIComponent(entry.runId)}`}>
                              The run<span className="visually-hidden"> of this entry</span>
                            </Link>
                          ) : (
                            (entry.reason ?? "—")
                          ),
                      },
                    ]}
                  />
                )}
              </Card>
            </>
          );
        }}
      </QueryView>
      <LoadMore query={credits} label="Older entries" />
    </div>
  );
}

/** A charge says what it cost and what came back; the other kinds move the balance by their amount. */
function amount(entry: Entry): string {
  if (entry.kind === "commit") {
    const back = entry.released ? `, ${formatCredits(entry.released)} returned` : "";
    return `${formatCredits(entry.amount)} charged${back}`;
  }
  return `${KINDS[entry.kind].sign}${formatCredits(Math.abs(entry.amount))}`;
}

function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <Card>
      <div className="stack-tight">
        <span className="muted">{label}</span>
        <span className="stat" data-testid={testId}>
          {value.toLocaleString()}
        </span>
      </div>
    </Card>
  );
}
