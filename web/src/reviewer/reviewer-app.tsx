import { Route, Routes } from "react-router";
import { NotFound } from "../app/routes.tsx";
import { NotificationsPage } from "../notifications/notifications-page.tsx";
import { SearchPage } from "../search/search-page.tsx";
import { QueuePage } from "./queue-page.tsx";
import { ReviewPage } from "./review-page.tsx";

/** The reviewer's pages (super-admins see them too), under `/review`. */
export function ReviewerApp() {
  return (
    <Routes>
      <Route index element={<QueuePage />} />
      <Route path="tenants/:tenantId/content/:contentId" element={<ReviewPage />} />
      <Route path="search" element={<SearchPage scope="dm" />} />
      <Route path="notifications" element={<NotificationsPage scope="staff" />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
