import { PageHeader } from "../ui/layout.tsx";

export function TeamPage() {
  return <PageHeader title="Team" />;
}
