import { PageHeader } from "../ui/layout.tsx";

export function AuditPage() {
  return <PageHeader title="Audit log" />;
}
