import { PageHeader } from "../ui/layout.tsx";

export function ReviewPage() {
  return <PageHeader title="Review" />;
}
