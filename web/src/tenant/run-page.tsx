import { PageHeader } from "../ui/layout.tsx";

export function RunPage() {
  return <PageHeader title="Run" />;
}
