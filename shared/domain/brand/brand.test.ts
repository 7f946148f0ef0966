import { describe, expect, it } from "vitest";
import { brand as profile } from "#shared/domain/agents/testing/fixtures";
import type { Acting, AuditEntry } from "#shared/domain/audit/audit-entry";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import {
  acceptBrandProposal,
  type BrandDeps,
  dismissBrandProposal,
  getBrand,
  getBrandVersion,
  listBrandVersions,
  saveBrand,
} from "./brand.ts";
import type { BrandProfile } from "./brand-profile.ts";
import { planProposal } from "./brand-version.ts";
import { BrandVersionNotFoundError, ProposalNotPendingError, StaleBrandVersionError } from "./errors.ts";
import { InMemoryBrand } from "./testing/in-memory-brand.ts";

const TENANT = parseTenantId("t-brand");
const OTHER = parseTenantId("t-other");
const ADMIN: Acting = { actor: { userId: "admin-1", role: "admin" }, ip: "192.0.2.1", correlationId: "c-1" };
const edited = (name: string): BrandProfile => ({ ...profile, businessName: name });

function world() {
  const entries: AuditEntry[] = [];
  const announced: { tenantId: string; version: number; actorId: string; correlationId: string }[] = [];
  const brand = new InMemoryBrand();
  const deps: BrandDeps = {
    brand,
    audit: {
      async record(entry) {
        entries.push(entry);
        return String(entries.length);
      },
    },
    events: {
      async accepted(tenantId, version, meta) {
        announced.push({ tenantId, version: version.versionNumber, ...meta });
      },
    },
  };
  const propose = (runId: string, p: BrandProfile = profile) =>
    brand.change(TENANT, (state) => planProposal(state, { profile: p, runId, contentId: `c-${runId}` }));
  return { deps, brand, entries, announced, propose };
}

describe("a proposal from setup", () => {
  it("is pending, not current, and records the run that wrote it", async () => {
    const { deps, propose } = world();
    const proposal = await propose("run-1");
    expect(proposal).toMatchObject({
      versionNumber: 1,
      status: "proposed",
      origin: { kind: "setup", runId: "run-1", contentId: "c-run-1" },
    });
    const current = await getBrand(deps, TENANT);
    expect(current.current).toBeUndefined();
    expect(current.proposal?.versionNumber).toBe(1);
  });

  it("supersedes the proposal still pending before it", async () => {
    const { deps, propose } = world();
    await propose("run-1");
    await propose("run-2");
    expect((await getBrandVersion(deps, TENANT, 1)).status).toBe("superseded");
    expect((await getBrand(deps, TENANT)).proposal?.versionNumber).toBe(2);
  });
});

describe("accepting a proposal", () => {
  it("makes the proposal itself the accepted version, audited with who and which version", async () => {
    const { deps, propose, entries } = world();
    await propose("run-1");
    const accepted = await acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    expect(accepted).toMatchObject({ versionNumber: 1, status: "accepted", statusChange: { by: "admin-1" } });
    expect(await getBrand(deps, TENANT)).toEqual({ current: accepted });
    expect(entries).toEqual([
      expect.objectContaining({
        type: "brand.proposal-accepted",
        tenantId: TENANT,
        actor: ADMIN.actor,
        details: { proposal: 1, version: 1, edited: false },
      }),
    ]);
  });

  it("with edits writes a new accepted version that names the proposal, which is superseded", async () => {
    const { deps, propose } = world();
    await propose("run-1");
    const accepted = await acceptBrandProposal(deps, TENANT, {
      versionNumber: 1,
      edited: edited("Edited Co"),
      acting: ADMIN,
    });
    expect(accepted).toMatchObject({
      versionNumber: 2,
      status: "accepted",
      profile: { businessName: "Edited Co" },
      origin: { kind: "proposal", proposal: 1, userId: "admin-1" },
    });
    const proposal = await getBrandVersion(deps, TENANT, 1);
    expect(proposal.status).toBe("superseded");
    expect(proposal.profile).toEqual(profile);
    expect(await getBrand(deps, TENANT)).toEqual({ current: accepted });
  });

  it("supersedes the previously accepted version, leaving exactly one accepted", async () => {
    const { deps, propose } = world();
    await propose("run-1");
    await acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    await propose("run-2");
    await acceptBrandProposal(deps, TENANT, { versionNumber: 2, acting: ADMIN });
    const page = await listBrandVersions(deps, TENANT, {});
    expect(page.items.map((v) => [v.versionNumber, v.status])).toEqual([
      [2, "accepted"],
      [1, "superseded"],
    ]);
  });

  it("refuses a version that is not the pending proposal (409) and one that does not exist (404)", async () => {
    const { deps, propose, brand } = world();
    await propose("run-1");
    await acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    const before = brand.plans.length;
    await expect(acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN })).rejects.toThrow(
      ProposalNotPendingError,
    );
    await expect(dismissBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN })).rejects.toThrow(
      ProposalNotPendingError,
    );
    await expect(acceptBrandProposal(deps, TENANT, { versionNumber: 7, acting: ADMIN })).rejects.toThrow(
      BrandVersionNotFoundError,
    );
    expect(brand.plans.length).toBe(before);
  });
});

describe("dismissing a proposal", () => {
  it("rejects it with the reason, keeps the accepted version, and audits it", async () => {
    const { deps, propose, entries } = world();
    await propose("run-1");
    await acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    await propose("run-2");
    const dismissed = await dismissBrandProposal(deps, TENANT, {
      versionNumber: 2,
      reason: "Not our tone",
      acting: ADMIN,
    });
    expect(dismissed).toMatchObject({
      status: "rejected",
      statusChange: { by: "admin-1", reason: "Not our tone" },
    });
    const current = await getBrand(deps, TENANT);
    expect(current.current?.versionNumber).toBe(1);
    expect(current.proposal).toBeUndefined();
    expect(entries.at(-1)).toMatchObject({ type: "brand.proposal-dismissed", details: { version: 2 } });
  });
});

describe("saving a profile", () => {
  it("writes the first accepted version on base version 0, then a new one on each save", async () => {
    const { deps, entries } = world();
    const first = await saveBrand(deps, TENANT, { profile: edited("One"), baseVersion: 0, acting: ADMIN });
    const second = await saveBrand(deps, TENANT, { profile: edited("Two"), baseVersion: 1, acting: ADMIN });
    expect(first).toMatchObject({
      versionNumber: 1,
      origin: { kind: "edit", userId: "admin-1", baseVersion: 0 },
    });
    expect(second).toMatchObject({ versionNumber: 2, status: "accepted", profile: { businessName: "Two" } });
    expect(await getBrandVersion(deps, TENANT, 1)).toMatchObject({
      status: "superseded",
      profile: { businessName: "One" },
    });
    expect(entries.map((e) => [e.type, e.details])).toEqual([
      ["brand.saved", { version: 1, baseVersion: 0 }],
      ["brand.saved", { version: 2, baseVersion: 1 }],
    ]);
  });

  it("refuses an edit of a version that is no longer the accepted one, writing nothing", async () => {
    const { deps, brand, entries } = world();
    await saveBrand(deps, TENANT, { profile: edited("One"), baseVersion: 0, acting: ADMIN });
    await saveBrand(deps, TENANT, { profile: edited("Two"), baseVersion: 1, acting: ADMIN });
    const stale = saveBrand(deps, TENANT, { profile: edited("Late"), baseVersion: 1, acting: ADMIN });
    await expect(stale).rejects.toThrow(StaleBrandVersionError);
    await expect(stale).rejects.toMatchObject({ details: { baseVersion: 1, acceptedVersion: 2 } });
    expect(brand.plans).toHaveLength(2);
    expect(entries).toHaveLength(2);
  });

  it("leaves a pending proposal pending, to be accepted or dismissed later", async () => {
    const { deps, propose } = world();
    await propose("run-1");
    await saveBrand(deps, TENANT, { profile: edited("Mine"), baseVersion: 0, acting: ADMIN });
    const current = await getBrand(deps, TENANT);
    expect(current.current?.versionNumber).toBe(2);
    expect(current.proposal?.versionNumber).toBe(1);
    const accepted = await acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    expect(accepted.status).toBe("accepted");
    expect((await getBrandVersion(deps, TENANT, 2)).status).toBe("superseded");
  });
});

describe("versions", () => {
  it("are listed newest first, page by page, and belong to one tenant", async () => {
    const { deps } = world();
    for (let i = 0; i < 5; i++) {
      await saveBrand(deps, TENANT, { profile: edited(`V${i + 1}`), baseVersion: i, acting: ADMIN });
    }
    const first = await listBrandVersions(deps, TENANT, { limit: 3 });
    expect(first.items.map((v) => v.versionNumber)).toEqual([5, 4, 3]);
    const rest = await listBrandVersions(deps, TENANT, { limit: 3, cursor: first.nextCursor });
    expect(rest.items.map((v) => v.versionNumber)).toEqual([2, 1]);
    expect(rest.nextCursor).toBeUndefined();
    expect((await listBrandVersions(deps, OTHER, {})).items).toEqual([]);
    await expect(getBrandVersion(deps, OTHER, 1)).rejects.toThrow(BrandVersionNotFoundError);
  });
});

describe("the announcement of the accepted version", () => {
  it("tells of each save and each acceptance, with who made it and the correlation id", async () => {
    const { deps, propose, announced } = world();
    await saveBrand(deps, TENANT, { profile, baseVersion: 0, acting: ADMIN });
    await propose("run-1");
    await acceptBrandProposal(deps, TENANT, { versionNumber: 2, edited: edited("Edited Co"), acting: ADMIN });
    expect(announced).toEqual([
      { tenantId: TENANT, version: 1, actorId: "admin-1", correlationId: "c-1" },
      { tenantId: TENANT, version: 3, actorId: "admin-1", correlationId: "c-1" },
    ]);
  });

  it("says nothing of a proposal or a dismissal, which leave the accepted version as it was", async () => {
    const { deps, propose, announced } = world();
    await propose("run-1");
    await dismissBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    expect(announced).toEqual([]);
  });

  it("fails the change when the announcement fails, rather than dropping it", async () => {
    const { deps } = world();
    const failing: BrandDeps = {
      ...deps,
      events: {
        accepted: () => Promise.reject(new Error("bus down")),
      },
    };
    await expect(saveBrand(failing, TENANT, { profile, baseVersion: 0, acting: ADMIN })).rejects.toThrow(
      "bus down",
    );
  });

  it("raises the brand's revision with every change, even when an older proposal is accepted", async () => {
    const { deps, brand, propose } = world();
    await propose("run-1");
    await saveBrand(deps, TENANT, { profile: edited("Saved Co"), baseVersion: 0, acting: ADMIN });
    const afterSave = await brand.state(TENANT);
    await acceptBrandProposal(deps, TENANT, { versionNumber: 1, acting: ADMIN });
    const afterAccept = await brand.state(TENANT);
    expect(afterAccept.accepted).toBeLessThan(afterSave.accepted ?? 0);
    expect(afterAccept.revision).toBeGreaterThan(afterSave.revision);
  });
});
