import { PageHeader } from "../ui/layout.tsx";

export function BrandPage() {
  return <PageHeader title="Brand & voice" />;
}
