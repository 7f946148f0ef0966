/** Every staff member, read page by page from the staff listing (a picker needs them all). */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../app/session-context.tsx";
import type { StaffMember } from "./staff-roster.ts";

/** Pages read at most (100 each): a picker past this many staff needs a search instead. */
const MAX_PAGES = 10;

export function useAllStaff() {
  const api = useApi();
  return useQuery({
    queryKey: ["staff", "all"],
    queryFn: async () => {
      const all: StaffMember[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await api("GET /api/admin/v1/staff", { query: { limit: 100, cursor } });
        all.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return all;
    },
  });
}
