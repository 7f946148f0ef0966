import { Route, Routes } from "react-router";
import { NotFound } from "../app/routes.tsx";
import { AuditPage } from "./audit-page.tsx";
import { DlqPage } from "./dlq-page.tsx";
import { OperationsPage } from "./operations-page.tsx";
import { StaffPage } from "./staff-page.tsx";
import { TenantPage } from "./tenant-page.tsx";
import { TenantsPage } from "./tenants-page.tsx";

/** The super-admin's pages, under `/admin`. */
export function AdminApp() {
  return (
    <Routes>
      <Route index element={<TenantsPage />} />
      <Route path="tenants" element={<TenantsPage />} />
      <Route path="tenants/:tenantId" element={<TenantPage />} />
      <Route path="staff" element={<StaffPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="operations" element={<OperationsPage />} />
      <Route path="operations/:role" element={<DlqPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
