import { PageHeader } from "../ui/layout.tsx";

export function TenantsPage() {
  return <PageHeader title="Tenants" />;
}
