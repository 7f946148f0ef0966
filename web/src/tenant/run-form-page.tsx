import { PageHeader } from "../ui/layout.tsx";

export function RunFormPage() {
  return <PageHeader title="Run an agent" />;
}
