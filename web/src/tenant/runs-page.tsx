import { PageHeader } from "../ui/layout.tsx";

export function RunsPage() {
  return <PageHeader title="Runs" />;
}
