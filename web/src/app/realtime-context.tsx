/**
 * The realtime socket of the signed-in user, opened once for the whole app. Views subscribe to the
 * messages they care about; after every reconnect the cached queries are refetched (events missed
 * while the socket was down are not replayed), and notifications become toasts.
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import type { RealtimeMessage } from "../realtime/messages.ts";
import { type ConnectionStatus, connectRealtime } from "../realtime/socket.ts";
import { useToast } from "../ui/toasts.tsx";
import { useApi } from "./session-context.tsx";

type Listener = (message: RealtimeMessage) => void;

interface RealtimeValue {
  status: ConnectionStatus;
  subscribe(listener: Listener): () => void;
}

const RealtimeContext = createContext<RealtimeValue>({ status: "closed", subscribe: () => () => undefined });

/** What a notification toast says, by the notification's kind. */
export function notificationText(kind: string): string {
  switch (kind) {
    case "review.waiting":
      return "New content is waiting for review.";
    case "review.tenant-waiting":
      return "Content is waiting for your approval.";
    case "content.approved":
      return "Content was approved.";
    case "content.changes-requested":
      return "Changes were requested on content.";
    case "run.failed":
      return "An agent run failed.";
    default:
      return "You have a new notification.";
  }
}

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(() => {
    const connection = connectRealtime(api, {
      status: setStatus,
      reconnected: () => void queryClient.invalidateQueries(),
      message(message) {
        for (const listener of listeners.current) listener(message);
        if (message.type === "notification.created") {
          toast(notificationText(message.data.kind));
          void queryClient.invalidateQueries({ queryKey: ["notifications"] });
        }
        if (message.type === "content.status-changed" || message.type === "agent.completed") {
          void queryClient.invalidateQueries({ queryKey: ["content"] });
          void queryClient.invalidateQueries({ queryKey: ["queue"] });
        }
        if (message.type === "agent.completed" || message.type === "agent.failed") {
          void queryClient.invalidateQueries({ queryKey: ["runs"] });
          void queryClient.invalidateQueries({ queryKey: ["live"] });
          void queryClient.invalidateQueries({ queryKey: ["credits"] });
        }
      },
    });
    return () => connection.stop();
  }, [api, queryClient, toast]);

  const [value, setValue] = useState<RealtimeValue>({ status, subscribe: () => () => undefined });
  useEffect(() => {
    setValue({
      status,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    });
  }, [status]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeStatus(): ConnectionStatus {
  return useContext(RealtimeContext).status;
}

/** Calls `listener` for each realtime message while the component is mounted. */
export function useRealtime(listener: Listener): void {
  const { subscribe } = useContext(RealtimeContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((message) => latest.current(message)), [subscribe]);
}
