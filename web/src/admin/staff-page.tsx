import { PageHeader } from "../ui/layout.tsx";

export function StaffPage() {
  return <PageHeader title="Staff" />;
}
