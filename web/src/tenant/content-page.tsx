import { PageHeader } from "../ui/layout.tsx";

export function ContentPage() {
  return <PageHeader title="Content" />;
}
