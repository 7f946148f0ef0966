import { PageHeader } from "../ui/layout.tsx";

export function CreditsPage() {
  return <PageHeader title="Credits" />;
}
