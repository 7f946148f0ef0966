/** A brand profile read-only, and the brand's versions: status, who wrote each, and any one of them. */

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { BrandVersionView } from "#shared/contracts/brand.routes";
import { useApi } from "../app/session-context.tsx";
import { Button } from "../ui/controls.tsx";
import { Badge, QueryView, type Tone } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { DataTable, Facts } from "../ui/layout.tsx";

type Profile = BrandVersionView["profile"];

function List({ items }: { items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return <span className="muted">None</span>;
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export function ProfileView({ profile }: { profile: Profile }) {
  return (
    <div className="stack">
      <Facts
        items={[
          ["Business name", profile.businessName],
          [
            "Summary",
            <span key="s" className="prewrap">
              {profile.summary}
            </span>,
          ],
          ["Industry", profile.industry],
          ["Audiences", <List key="a" items={profile.audiences} />],
          ["Offerings", <List key="o" items={profile.offerings} />],
          ["Differentiators", <List key="d" items={profile.differentiators} />],
          ["Keywords", <List key="k" items={profile.keywords} />],
          ["Tone", <List key="t" items={profile.voice.tone} />],
          ["Do", <List key="do" items={profile.voice.do} />],
          ["Avoid", <List key="av" items={profile.voice.avoid} />],
          ["Words to use", <List key="wu" items={profile.voice.wordsToUse} />],
          ["Words to avoid", <List key="wa" items={profile.voice.wordsToAvoid} />],
        ]}
      />
      {profile.examples && profile.examples.length > 0 ? (
        <div>
          <strong>Examples in the brand's voice</strong>
          {profile.examples.map((example) => (
            <blockquote key={example} className="prewrap">
              {example}
            </blockquote>
          ))}
        </div>
      ) : null}
    </div>
  );
}

const STATUS: Record<BrandVersionView["status"], { label: string; tone: Tone }> = {
  proposed: { label: "Proposed", tone: "warning" },
  accepted: { label: "Current", tone: "success" },
  superseded: { label: "Replaced", tone: "neutral" },
  rejected: { label: "Dismissed", tone: "danger" },
};

export function BrandStatusBadge({ status }: { status: BrandVersionView["status"] }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/** Who wrote a version, in words. */
export function originText(origin: BrandVersionView["origin"]): string {
  switch (origin.kind) {
    case "setup":
      return "Proposed by the setup agent";
    case "edit":
      return origin.baseVersion === 0
        ? "Written by your team"
        : `Edited by your team from version ${origin.baseVersion}`;
    case "proposal":
      return `Your team's edit of proposal ${origin.proposal}`;
  }
}

export function BrandHistory() {
  const api = useApi();
  const [open, setOpen] = useState<number | undefined>(undefined);
  const query = useInfiniteQuery({
    queryKey: ["brand", "versions"],
    queryFn: ({ pageParam }) =>
      api("GET /api/tenant/v1/brand/versions", {
        query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  return (
    <QueryView
      query={query}
      label="Loading the brand's versions"
      isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
      empty="No versions yet: the first profile you save is version 1."
    >
      {(data) => (
        <div className="stack">
          <DataTable
            caption="Brand profile versions, newest first"
            rows={data.pages.flatMap((page) => page.items)}
            rowKey={(v) => String(v.version)}
            columns={[
              { header: "Version", cell: (v) => String(v.version) },
              { header: "Status", cell: (v) => <BrandStatusBadge status={v.status} /> },
              { header: "Written", cell: (v) => originText(v.origin) },
              { header: "Date", cell: (v) => formatDateTime(v.createdAt) },
              {
                header: "Profile",
                cell: (v) => (
                  <Button
                    small
                    aria-expanded={open === v.version}
                    onClick={() => setOpen(open === v.version ? undefined : v.version)}
                  >
                    {open === v.version ? `Hide version ${v.version}` : `View version ${v.version}`}
                  </Button>
                ),
              },
            ]}
          />
          {query.hasNextPage ? (
            <div>
              <Button busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                Show older versions
              </Button>
            </div>
          ) : null}
          {open === undefined ? null : <VersionDetail version={open} />}
        </div>
      )}
    </QueryView>
  );
}

function VersionDetail({ version }: { version: number }) {
  const api = useApi();
  const query = useQuery({
    queryKey: ["brand", "version", version],
    queryFn: () => api("GET /api/tenant/v1/brand/versions/{version}", { params: { version } }),
  });
  return (
    <section className="card" aria-label={`Brand profile version ${version}`}>
      <h3>Version {version}</h3>
      <QueryView query={query} label={`Loading version ${version}`}>
        {(v) => (
          <div className="stack">
            <p className="muted">
              {originText(v.origin)}, {formatDateTime(v.createdAt)}
              {v.statusChange?.reason ? ` — dismissed because: ${v.statusChange.reason}` : ""}
            </p>
            <ProfileView profile={v.profile} />
          </div>
        )}
      </QueryView>
    </section>
  );
}
