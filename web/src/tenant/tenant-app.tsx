import { Route, Routes } from "react-router";
import { NotFound } from "../app/routes.tsx";
import { DocumentPage } from "../knowledge/document-page.tsx";
import { KnowledgePage } from "../knowledge/knowledge-page.tsx";
import { NotificationsPage } from "../notifications/notifications-page.tsx";
import { SearchPage } from "../search/search-page.tsx";
import { AgentsPage } from "./agents-page.tsx";
import { BrandPage } from "./brand-page.tsx";
import { CalendarPage } from "./calendar-page.tsx";
import { ContentListPage } from "./content-list-page.tsx";
import { ContentPage } from "./content-page.tsx";
import { CreditsPage } from "./credits-page.tsx";
import { DashboardPage } from "./dashboard-page.tsx";
import { RunFormPage } from "./run-form-page.tsx";
import { RunPage } from "./run-page.tsx";
import { RunsPage } from "./runs-page.tsx";
import { SettingsPage } from "./settings-page.tsx";
import { TeamPage } from "./team-page.tsx";

/** The tenant's pages (members and admins), under `/app`. */
export function TenantApp() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="brand" element={<BrandPage />} />
      <Route path="agents" element={<AgentsPage />} />
      <Route path="agents/:role" element={<RunFormPage />} />
      <Route path="runs" element={<RunsPage />} />
      <Route path="runs/:runId" element={<RunPage />} />
      <Route path="content" element={<ContentListPage />} />
      <Route path="content/:contentId" element={<ContentPage />} />
      <Route path="calendar" element={<CalendarPage />} />
      <Route path="knowledge" element={<KnowledgePage />} />
      <Route path="knowledge/:documentId" element={<DocumentPage />} />
      <Route path="search" element={<SearchPage scope="tenant" />} />
      <Route path="notifications" element={<NotificationsPage scope="tenant" />} />
      <Route path="credits" element={<CreditsPage />} />
      <Route path="users" element={<TeamPage />} />
      <Route path="settings" element={<SettingsPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
