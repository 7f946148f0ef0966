/**
 * Search over what a tenant owns (its members, `/app/search`) or over a reviewer's assigned tenants
 * (`/review/search`). The query and its filters live in the URL (`?q=&type=&status=`), so a search can
 * be linked and Back returns to it; results come a page at a time, relevance first, with highlights and
 * the API's counts per type and status as filter chips.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import type { QueryOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, TextField } from "../ui/controls.tsx";
import { Badge, Empty, QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatDateTime, humanize } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";
import { HighlightedText } from "./highlighted-text.tsx";
import { type FoundItem, resultLink, type SearchScope } from "./result-link.ts";

type SearchQuery = NonNullable<QueryOf<"GET /api/tenant/v1/search">>;

const PAGE_SIZE = 20;

export function SearchPage({ scope }: { scope: SearchScope }) {
  const [params, setParams] = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  const type = params.get("type") ?? "";
  const status = params.get("status") ?? "";
  const apply = (next: { q: string; type?: string; status?: string }) => {
    const search = new URLSearchParams();
    if (next.q) search.set("q", next.q);
    if (next.type) search.set("type", next.type);
    if (next.status) search.set("status", next.status);
    setParams(search);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A new query starts without the previous one's filters: their counts belonged to it.
    apply({ q: formValues(event.currentTarget).q?.trim() ?? "" });
  };
  return (
    <div className="stack">
      <PageHeader
        title="Search"
        description={
          scope === "dm"
            ? "Content, runs and brand profiles of the tenants assigned to you."
            : "Your content, runs, brand profile and knowledge base."
        }
      />
      <Card>
        <search>
          <form className="row" aria-label="Search" onSubmit={submit}>
            <TextField key={q} name="q" type="search" label="Search for" defaultValue={q} maxLength={200} />
            <Button type="submit" variant="primary">
              Search
            </Button>
          </form>
        </search>
      </Card>
      {q ? (
        <Results key={params.toString()} scope={scope} query={{ q, type, status }} onFilter={apply} />
      ) : (
        <Empty>Type a word or two above: titles, bodies and briefs are searched, typos forgiven.</Empty>
      )}
    </div>
  );
}

interface Filters {
  q: string;
  type: string;
  status: string;
}

function Results({
  scope,
  query,
  onFilter,
}: {
  scope: SearchScope;
  query: Filters;
  onFilter: (next: Filters) => void;
}) {
  const api = useApi();
  const search = useInfiniteQuery({
    queryKey: ["search", scope, query],
    queryFn: ({ pageParam }) => {
      const input = {
        query: {
          q: query.q,
          limit: PAGE_SIZE,
          cursor: pageParam,
          // The URL's values go as they are: the API names any it does not know in a 400.
          ...(query.type ? { type: query.type as SearchQuery["type"] } : {}),
          ...(query.status ? { status: query.status } : {}),
        },
      };
      return scope === "dm" ? api("GET /api/dm/v1/search", input) : api("GET /api/tenant/v1/search", input);
    },
    ...byCursor,
  });
  return (
    <QueryView query={search} label="Searching">
      {(data) => {
        const first = data.pages[0];
        const items = data.pages.flatMap((page) => page.items);
        return (
          <div className="stack">
            {first ? (
              <div className="stack-tight">
                <Chips
                  label="Type"
                  counts={first.counts.type}
                  picked={query.type}
                  onPick={(type) => onFilter({ ...query, type })}
                />
                <Chips
                  label="Status"
                  counts={first.counts.status}
                  picked={query.status}
                  onPick={(status) => onFilter({ ...query, status })}
                />
                <p className="muted" role="status">
                  {first.total === 1 ? "1 result" : `${first.total.toLocaleString()} results`}
                </p>
              </div>
            ) : null}
            {items.length === 0 ? (
              <Empty>Nothing matches “{query.q}”.</Empty>
            ) : (
              <ol className="stack search-results" aria-label="Search results">
                {items.map((item) => (
                  <ResultItem key={`${item.tenantId}:${item.type}:${item.id}`} item={item} scope={scope} />
                ))}
              </ol>
            )}
            <LoadMore query={search} label="Load more results" />
          </div>
        );
      }}
    </QueryView>
  );
}

/** Filter chips from the API's counts: pressing one filters, pressing it again clears it. */
function Chips({
  label,
  counts,
  picked,
  onPick,
}: {
  label: string;
  counts: Record<string, number>;
  picked: string;
  onPick: (value: string) => void;
}) {
  const entries = Object.entries(counts).filter(([, count]) => count > 0);
  if (entries.length === 0 && !picked) return null;
  return (
    <fieldset className="row chips">
      <legend className="visually-hidden">{`Filter by ${label.toLowerCase()}`}</legend>
      <span className="muted">{label}:</span>
      {entries.map(([value, count]) => (
        <Button
          key={value}
          small
          variant={picked === value ? "primary" : "secondary"}
          aria-pressed={picked === value}
          onClick={() => onPick(picked === value ? "" : value)}
        >
          {humanize(value)} ({count})
        </Button>
      ))}
      {picked && !(picked in counts) ? (
        <Button small variant="primary" aria-pressed onClick={() => onPick("")}>
          {humanize(picked)} (clear)
        </Button>
      ) : null}
    </fieldset>
  );
}

function ResultItem({ item, scope }: { item: FoundItem; scope: SearchScope }) {
  const to = resultLink(item, scope);
  const title = item.highlights.title?.[0];
  const heading = title ? <HighlightedText fragment={title} /> : item.title;
  return (
    <li className="card">
      <div className="stack-tight">
        <h2 className="result-title">{to ? <Link to={to}>{heading}</Link> : heading}</h2>
        <span className="row">
          <Badge tone="info">{humanize(item.type)}</Badge>
          <Badge>{humanize(item.status)}</Badge>
          <span className="muted">
            {humanize(item.kind)} · updated {formatDateTime(item.updatedAt)}
            {scope === "dm" ? ` · tenant ${item.tenantId}` : ""}
          </span>
        </span>
        {(item.highlights.body ?? []).map((fragment, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a result's fragments never reorder in place
          <p key={i} className="muted">
            … <HighlightedText fragment={fragment} /> …
          </p>
        ))}
      </div>
    </li>
  );
}
