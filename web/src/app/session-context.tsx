/**
 * The session and the API client for every component: `useSession()` for who is signed in,
 * `useApi()` for calls. On load it tries a silent renewal (a refresh cookie may still be valid).
 */
import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
import { type ApiCall, createApiClient } from "../api/client.ts";
import { describeError } from "../api/errors.ts";
import { Session, type SessionState, type SignedIn } from "../api/session.ts";

interface SessionContextValue {
  session: Session;
  api: ApiCall;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [value] = useState<SessionContextValue>(() => {
    const session = new Session();
    return { session, api: createApiClient(session) };
  });
  const queryClient = useQueryClient();
  useEffect(() => {
    if (value.session.state.status === "unknown") void value.session.resume();
    // Whoever signs in next must not see the previous user's cached data.
    return value.session.subscribe((state) => {
      if (state.status === "signed-out") queryClient.clear();
    });
  }, [value, queryClient]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession needs a SessionProvider");
  return value;
}

export function useApi(): ApiCall {
  return useSessionContext().api;
}

export function useSessionState(): SessionState {
  const { session } = useSessionContext();
  return useSyncExternalStore(
    (notify) => session.subscribe(notify),
    () => session.state,
  );
}

/** The signed-in user; only for components rendered behind `RequireSession`. */
export function useUser(): Extract<SessionState, { status: "signed-in" }>["user"] {
  const state = useSessionState();
  if (state.status !== "signed-in") throw new Error("useUser outside a signed-in page");
  return state.user;
}

export interface SessionActions {
  signedIn(body: SignedIn): void;
  /**
   * Signs out here (`everywhere`: every session of the user) and lands on the login page. The
   * session ends here whatever the server answers; when the server could not end it, the login
   * page says so, since the refresh cookie may still be good until it expires.
   */
  signOut(everywhere?: boolean): Promise<void>;
}

export function useSessionActions(): SessionActions {
  const { session, api } = useSessionContext();
  return useMemo(
    () => ({
      signedIn: (body) => session.signedIn(body),
      async signOut(everywhere = false) {
        try {
          await api(everywhere ? "POST /api/auth/v1/logout-all" : "POST /api/auth/v1/logout");
          session.end(everywhere ? "You signed out on every device." : undefined);
        } catch (error) {
          session.end(
            `You are signed out here, but the server could not confirm it: ${describeError(error)}`,
          );
        }
      },
    }),
    [session, api],
  );
}
