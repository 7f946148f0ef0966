import { PageHeader } from "../ui/layout.tsx";

export function DlqPage() {
  return <PageHeader title="Dead letters" />;
}
