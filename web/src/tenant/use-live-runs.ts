/**
 * The tenant's recent runs with live progress: `/live` read once (and again whenever the realtime
 * provider invalidates "live", as it does after a reconnect and when a run ends), moved forward by
 * every agent message the socket delivers meanwhile, without reloading.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useRealtime } from "../app/realtime-context.tsx";
import { useApi } from "../app/session-context.tsx";
import { furthest, type LiveRun, liveUpdate, mergeLive } from "./live-runs.ts";

export function useLiveRuns() {
  const api = useApi();
  const query = useQuery({ queryKey: ["live"], queryFn: () => api("GET /api/tenant/v1/live") });
  const [overlay, setOverlay] = useState<Readonly<Record<string, LiveRun>>>({});
  useRealtime((message) => {
    const update = liveUpdate(message);
    if (!update) return;
    setOverlay((current) => {
      const known = current[update.runId];
      return { ...current, [update.runId]: known ? furthest(known, update) : update };
    });
  });
  const runs = useMemo(() => mergeLive(query.data?.items ?? [], overlay), [query.data, overlay]);
  return { query, runs };
}
