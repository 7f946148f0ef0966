import { PageHeader } from "../ui/layout.tsx";

export function TenantPage() {
  return <PageHeader title="Tenant" />;
}
