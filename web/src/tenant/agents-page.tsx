/** The agent catalog: what each agent does, what it produces, what a run costs, and a way to run it. */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../app/session-context.tsx";
import { Badge, QueryView } from "../ui/feedback.tsx";
import { formatCredits, humanize } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";
import { formOf } from "./schema-form.ts";

export function AgentsPage() {
  const api = useApi();
  const catalog = useQuery({ queryKey: ["agents"], queryFn: () => api("GET /api/tenant/v1/agents") });
  return (
    <div className="stack">
      <PageHeader
        title="Agents"
        description="Each agent writes one kind of content in your brand's voice. A run reserves its price in credits; a short answer costs less."
        actions={<Link to="/app/credits">Your credits</Link>}
      />
      <QueryView
        query={catalog}
        label="Loading agents"
        isEmpty={(data) => data.items.length === 0}
        empty="No agents are available."
      >
        {(data) => (
          <div className="grid">
            {data.items.map((agent) => {
              const asks = formOf(agent.inputSchema).fields.filter((field) => field.required);
              return (
                <Card key={agent.role} title={agent.title}>
                  <div className="stack-tight">
                    <p>{agent.description}</p>
                    <div className="row">
                      <Badge tone="info">Produces: {humanize(agent.produces).toLowerCase()}</Badge>
                      <Badge>Up to {formatCredits(agent.creditPrice)}</Badge>
                    </div>
                    {asks.length > 0 ? (
                      <p className="muted">
                        You give it: {asks.map((field) => field.label.toLowerCase()).join(", ")}.
                      </p>
                    ) : null}
                    <div>
                      <Link className="btn btn-primary" to={`/app/agents/${encodeURIComponent(agent.role)}`}>
                        Run<span className="visually-hidden"> {agent.title}</span>
                      </Link>
                    </div>
                  </div>
                </Card>
              );
            })}
          </div>
        )}
      </QueryView>
    </div>
  );
}
