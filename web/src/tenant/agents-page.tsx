import { PageHeader } from "../ui/layout.tsx";

export function AgentsPage() {
  return <PageHeader title="Agents" />;
}
