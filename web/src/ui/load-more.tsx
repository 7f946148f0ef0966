/** Cursor pagination of a list read with TanStack's `useInfiniteQuery`: its options and its "Show more" button. */
import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { describeError } from "../api/errors.ts";
import { Button } from "./controls.tsx";
import { Alert } from "./feedback.tsx";

/** The paging options of a listing that answers `nextCursor` (absent on its last page). */
export const byCursor = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: { nextCursor?: string | undefined }) => last.nextCursor,
};

/** Shows more of a list while the API has more; says so when the next page failed. */
export function LoadMore({
  query,
  label = "Show more",
}: {
  query: Pick<
    UseInfiniteQueryResult,
    "hasNextPage" | "fetchNextPage" | "isFetchingNextPage" | "isFetchNextPageError" | "error"
  >;
  /** @default "Show more" */
  label?: string;
}) {
  return (
    <>
      {query.isFetchNextPageError ? <Alert>{describeError(query.error)}</Alert> : null}
      {query.hasNextPage ? (
        <div className="row">
          <Button busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {label}
          </Button>
        </div>
      ) : null}
    </>
  );
}
