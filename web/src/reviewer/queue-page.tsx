import { PageHeader } from "../ui/layout.tsx";

export function QueuePage() {
  return <PageHeader title="Review queue" />;
}
