/**
 * The content library's filters as the URL keeps them (so a filtered page can be shared, and Back
 * returns to it) and as the listing route reads them: creation days picked in the tenant's time zone
 * become the instants that day starts and ends there.
 */
import type { QueryOf } from "../api/routes.ts";
import { addDays, instantOf } from "./calendar-dates.ts";

export type ListQuery = NonNullable<QueryOf<"GET /api/tenant/v1/content">>;

export interface ContentFilters {
  type: string;
  status: string;
  /** `YYYY-MM-DD`, or "" for no bound. */
  from: string;
  to: string;
}

const FIELDS = ["type", "status", "from", "to"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersOf(search: URLSearchParams): ContentFilters {
  const value = (name: string) => search.get(name) ?? "";
  return { type: value("type"), status: value("status"), from: value("from"), to: value("to") };
}

/** The URL's search for `filters`: only the ones set. */
export function searchOf(filters: ContentFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const field of FIELDS) if (filters[field]) search.set(field, filters[field]);
  return search;
}

/** The listing's query for `filters`, one page of `limit` from `cursor`. */
export function listQuery(
  filters: ContentFilters,
  timeZone: string,
  page: { limit: number; cursor?: string | undefined },
): ListQuery {
  return {
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    ...(filters.type ? { type: filters.type as ListQuery["type"] } : {}),
    ...(filters.status ? { status: filters.status as ListQuery["status"] } : {}),
    ...(DAY.test(filters.from) ? { from: instantOf(filters.from, timeZone).toISOString() } : {}),
    ...(DAY.test(filters.to)
      ? { to: new Date(instantOf(addDays(filters.to, 1), timeZone).getTime() - 1).toISOString() }
      : {}),
  };
}
