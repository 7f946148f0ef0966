/**
 * The brand profile and voice every agent writes with. A new tenant has none yet: the page invites
 * an admin to write it (or to run the setup agent, whose proposal then waits here for acceptance, as
 * it is or edited, or dismissal). A save names the version it was made on, so two admins editing at
 * once cannot silently overwrite each other: the second is told, and reloads.
 */

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { CurrentBrandView } from "#shared/contracts/brand.routes";
import { ApiError, describeError } from "../api/errors.ts";
import { useApi, useUser } from "../app/session-context.tsx";
import { Button, TextField } from "../ui/controls.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";
import { useToast } from "../ui/toasts.tsx";
import { BrandEditor } from "./brand-editor.tsx";
import { type BrandProfileInput, formOf } from "./brand-form.ts";
import { BrandHistory, ProfileView } from "./brand-view.tsx";

const isStale = (error: unknown) => error instanceof ApiError && error.code === "BRAND.STALE_BASE_VERSION";

export function BrandPage() {
  const api = useApi();
  const query = useQuery({ queryKey: ["brand", "current"], queryFn: () => api("GET /api/tenant/v1/brand") });
  return (
    <div className="stack">
      <PageHeader
        title="Brand & voice"
        description="Who you are, for whom, and how you write: every agent writes with the current profile."
      />
      <QueryView query={query} label="Loading your brand profile">
        {(brand) => <Brand brand={brand} reload={() => void query.refetch()} />}
      </QueryView>
      <Card title="Version history">
        <BrandHistory />
      </Card>
    </div>
  );
}

function Brand({ brand, reload }: { brand: CurrentBrandView; reload: () => void }) {
  const api = useApi();
  const user = useUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const isAdmin = user.role === "admin";
  const { current, proposal } = brand;
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: (profile: BrandProfileInput) =>
      api("PUT /api/tenant/v1/brand", { body: { baseVersion: current?.version ?? 0, profile } }),
    onSuccess: (saved) => {
      setEditing(false);
      toast(`Brand profile saved as version ${saved.version}.`);
      return queryClient.invalidateQueries({ queryKey: ["brand"] });
    },
    // Not on a conflict: reloading would reset the form under the person; they reload when ready.
  });
  const stale = isStale(save.error);
  const editorOpen = isAdmin && (editing || current === null);

  return (
    <>
      {proposal ? <Proposal proposal={proposal} isAdmin={isAdmin} /> : null}
      <Card
        title={current ? `Current profile (version ${current.version})` : "Your brand profile"}
        actions={
          isAdmin && current && !editing ? (
            <Button variant="primary" onClick={() => setEditing(true)}>
              Edit profile
            </Button>
          ) : null
        }
      >
        {current === null && !isAdmin ? (
          <p>Your team has no brand profile yet. An admin of your team can write it here.</p>
        ) : null}
        {current === null && isAdmin ? (
          <Alert tone="info">
            <strong>Start here: tell us about your brand.</strong> Agents write in your voice, for your
            audiences, once this profile is saved. Fill it in below, or{" "}
            <Link to="/app/agents/setup">let the setup agent draft it</Link> from your website and review its
            proposal here.
          </Alert>
        ) : null}
        {editorOpen ? (
          <BrandEditor
            // A reload after a conflict starts the form again from the newest version.
            key={current?.version ?? 0}
            initial={formOf(current?.profile)}
            submitLabel="Save brand profile"
            busy={save.isPending}
            error={save.error}
            onSubmit={(profile) => save.mutate(profile)}
            onCancel={current ? () => setEditing(false) : undefined}
            notice={
              stale ? (
                <Alert>
                  <span className="row">
                    Someone on your team saved a newer version of the profile while you were editing, so yours
                    was not saved. Reload to edit the newest version (copy anything you want to keep first).
                    <Button
                      small
                      onClick={() => {
                        save.reset();
                        reload();
                        void queryClient.invalidateQueries({ queryKey: ["brand", "versions"] });
                      }}
                    >
                      Reload the latest profile
                    </Button>
                  </span>
                </Alert>
              ) : save.isError && !(save.error instanceof ApiError && save.error.fields.length > 0) ? (
                <Alert>{describeError(save.error)}</Alert>
              ) : null
            }
          />
        ) : current ? (
          <div className="stack">
            <p className="muted">Saved {formatDateTime(current.createdAt)}.</p>
            <ProfileView profile={current.profile} />
          </div>
        ) : null}
      </Card>
    </>
  );
}

function Proposal({
  proposal,
  isAdmin,
}: {
  proposal: NonNullable<CurrentBrandView["proposal"]>;
  isAdmin: boolean;
}) {
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"view" | "edit" | "dismiss">("view");
  const [reason, setReason] = useState("");
  const params = { version: proposal.version };
  const decide = useMutation({
    mutationFn: (
      decision: { kind: "accept"; profile?: BrandProfileInput } | { kind: "dismiss"; reason: string },
    ) =>
      decision.kind === "accept"
        ? api("POST /api/tenant/v1/brand/versions/{version}/accept", {
            params,
            body: decision.profile ? { profile: decision.profile } : {},
          })
        : api("POST /api/tenant/v1/brand/versions/{version}/dismiss", {
            params,
            body: decision.reason ? { reason: decision.reason } : {},
          }),
    onSuccess: (version, decision) => {
      setMode("view");
      toast(
        decision.kind === "accept"
          ? `Version ${version.version} is now your brand profile.`
          : "Proposal dismissed.",
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["brand"] }),
  });
  return (
    <Card title={`Proposed by the setup agent (version ${proposal.version})`}>
      <div className="stack">
        <Alert tone="info">
          The setup agent proposed this profile on {formatDateTime(proposal.createdAt)}. It is not used until
          an admin accepts it{isAdmin ? ": accept it as it is, edit it first, or dismiss it" : ""}.
        </Alert>
        {mode === "edit" ? (
          <BrandEditor
            initial={formOf(proposal.profile)}
            submitLabel="Accept with my edits"
            busy={decide.isPending}
            error={decide.error}
            onSubmit={(profile) => decide.mutate({ kind: "accept", profile })}
            onCancel={() => setMode("view")}
            notice={
              decide.isError && !(decide.error instanceof ApiError && decide.error.fields.length > 0) ? (
                <Alert>{describeError(decide.error)}</Alert>
              ) : null
            }
          />
        ) : (
          <ProfileView profile={proposal.profile} />
        )}
        {mode !== "edit" && decide.isError ? <Alert>{describeError(decide.error)}</Alert> : null}
        {isAdmin && mode === "view" ? (
          <div className="row">
            <Button
              variant="primary"
              busy={decide.isPending}
              onClick={() => decide.mutate({ kind: "accept" })}
            >
              Accept proposal
            </Button>
            <Button onClick={() => setMode("edit")}>Edit, then accept</Button>
            <Button variant="ghost" onClick={() => setMode("dismiss")}>
              Dismiss
            </Button>
          </div>
        ) : null}
        {isAdmin && mode === "dismiss" ? (
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              decide.mutate({ kind: "dismiss", reason: reason.trim() });
            }}
          >
            <TextField
              label="Why dismiss it? (optional)"
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
            />
            <Button type="submit" variant="danger" busy={decide.isPending}>
              Dismiss proposal
            </Button>
            <Button onClick={() => setMode("view")}>Cancel</Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}
