import { PageHeader } from "../ui/layout.tsx";

export function OperationsPage() {
  return <PageHeader title="Operations" />;
}
