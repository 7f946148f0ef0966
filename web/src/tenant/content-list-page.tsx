import { PageHeader } from "../ui/layout.tsx";

export function ContentListPage() {
  return <PageHeader title="Content" />;
}
