/**
 * The route tree. Each role's pages are their own chunk (`lazy`), so a tenant never downloads the
 * super-admin's code and the first page loads only what signing in needs.
 */
import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import type { SessionUser } from "../api/session.ts";
import { AccountPage } from "../auth/account-page.tsx";
import { LoginPage } from "../auth/login-page.tsx";
import { SignupPage } from "../auth/signup-page.tsx";
import { Empty, Loading } from "../ui/feedback.tsx";
import { homeOf } from "./navigation.ts";
import { RealtimeProvider } from "./realtime-context.tsx";
import { useSessionState } from "./session-context.tsx";
import { Shell } from "./shell.tsx";

const TenantApp = lazy(() => import("../tenant/tenant-app.tsx").then((m) => ({ default: m.TenantApp })));
const ReviewerApp = lazy(() =>
  import("../reviewer/reviewer-app.tsx").then((m) => ({ default: m.ReviewerApp })),
);
const AdminApp = lazy(() => import("../admin/admin-app.tsx").then((m) => ({ default: m.AdminApp })));

type Role = SessionUser["role"];

/** Renders its children for a signed-in user; the login page (remembering where to return) for anyone else. */
function RequireSession({ children }: { children: ReactNode }) {
  const state = useSessionState();
  const location = useLocation();
  if (state.status === "unknown") return <Loading label="Signing you in" />;
  if (state.status === "signed-out")
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <RealtimeProvider>{children}</RealtimeProvider>;
}

function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const state = useSessionState();
  if (state.status !== "signed-in") return null;
  if (!roles.includes(state.user.role)) return <NotFound />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function Home() {
  const state = useSessionState();
  return state.status === "signed-in" ? <Navigate to={homeOf(state.user)} replace /> : null;
}

export function NotFound() {
  return (
    <Empty>
      <h1>Page not found</h1>
      <p>There is nothing here, or it is not yours to see.</p>
    </Empty>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        <Route path="account" element={<AccountPage />} />
        <Route
          path="app/*"
          element={
            <RequireRole roles={["member", "admin"]}>
              <TenantApp />
            </RequireRole>
          }
        />
        <Route
          path="review/*"
          element={
            <RequireRole roles={["reviewer", "super_admin"]}>
              <ReviewerApp />
            </RequireRole>
          }
        />
        <Route
          path="admin/*"
          element={
            <RequireRole roles={["super_admin"]}>
              <AdminApp />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
