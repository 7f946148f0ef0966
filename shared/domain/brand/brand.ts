/**
 * The brand use cases: read the current profile (and the pending proposal), save a new one, list
 * and read versions, accept or dismiss a proposal. Every change is audited with who made it and
 * which version it produced or decided; a change of the accepted version is announced
 * (`brand.accepted`), so the search index follows it.
 */
import type { Acting, AuditEntry } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { BrandProfile } from "./brand-profile.ts";
import { type BrandState, type BrandVersion, planAccept, planDismiss, planSave } from "./brand-version.ts";
import { BrandVersionNotFoundError, ProposalNotPendingError, StaleBrandVersionError } from "./errors.ts";
import type { BrandEvents, BrandRepository, BrandVersionPage } from "./ports.ts";

export interface BrandDeps {
  brand: BrandRepository;
  audit: Pick<AuditLog, "record">;
  events: BrandEvents;
}

/** The accepted version agents write with, and the proposal waiting for a decision. */
export interface CurrentBrand {
  current?: BrandVersion;
  proposal?: BrandVersion;
}

function audited(
  deps: BrandDeps,
  tenantId: TenantId,
  acting: Acting,
  entry: Pick<AuditEntry, "type" | "details">,
): Promise<string> {
  return deps.audit.record({ ...entry, tenantId, target: { tenantId }, ...acting });
}

/** Tells the platform that `version` is now the accepted one; a failure fails the request, never dropped. */
function announced(
  deps: BrandDeps,
  tenantId: TenantId,
  version: BrandVersion,
  acting: Acting,
): Promise<void> {
  return deps.events.accepted(tenantId, version, {
    correlationId: acting.correlationId,
    actorId: acting.actor.userId,
  });
}

export async function getBrand(deps: Pick<BrandDeps, "brand">, tenantId: TenantId): Promise<CurrentBrand> {
  const state = await deps.brand.state(tenantId);
  const [current, proposal] = await Promise.all([
    state.accepted === undefined ? undefined : deps.brand.version(tenantId, state.accepted),
    state.proposed === undefined ? undefined : deps.brand.version(tenantId, state.proposed),
  ]);
  return { ...(current ? { current } : {}), ...(proposal ? { proposal } : {}) };
}

export async function getBrandVersion(
  deps: Pick<BrandDeps, "brand">,
  tenantId: TenantId,
  versionNumber: number,
): Promise<BrandVersion> {
  const version = await deps.brand.version(tenantId, versionNumber);
  if (!version) throw new BrandVersionNotFoundError(versionNumber);
  return version;
}

export function listBrandVersions(
  deps: Pick<BrandDeps, "brand">,
  tenantId: TenantId,
  page: PageRequest,
): Promise<BrandVersionPage> {
  return deps.brand.list(tenantId, page);
}

/**
 * Primary course: check that the edit was made on the accepted version (`baseVersion`, 0 when there
 * is none yet; another → `StaleBrandVersionError`), write the profile as a new accepted version (the
 * previous one superseded), audit it, announce it.
 */
export async function saveBrand(
  deps: BrandDeps,
  tenantId: TenantId,
  input: { profile: BrandProfile; baseVersion: number; acting: Acting },
): Promise<BrandVersion> {
  const saved = await deps.brand.change(tenantId, (state) => {
    const accepted = state.accepted ?? 0;
    if (input.baseVersion !== accepted) throw new StaleBrandVersionError(input.baseVersion, accepted);
    return planSave(state, {
      profile: input.profile,
      userId: input.acting.actor.userId,
      baseVersion: input.baseVersion,
    });
  });
  await audited(deps, tenantId, input.acting, {
    type: "brand.saved",
    details: { version: saved.versionNumber, baseVersion: input.baseVersion },
  });
  await announced(deps, tenantId, saved, input.acting);
  return saved;
}

/** The pending proposal `versionNumber`, or why it cannot be decided (missing, or not pending). */
async function pendingProposal(
  deps: Pick<BrandDeps, "brand">,
  tenantId: TenantId,
  state: BrandState,
  versionNumber: number,
): Promise<void> {
  if (state.proposed === versionNumber) return;
  const version = await getBrandVersion(deps, tenantId, versionNumber);
  throw new ProposalNotPendingError(versionNumber, version.status);
}

/**
 * Primary course: check the version is the pending proposal, make it the accepted version — or,
 * with an edited profile, a new accepted version that names the proposal — supersede the previous
 * accepted version, audit it, announce it.
 */
export async function acceptBrandProposal(
  deps: BrandDeps,
  tenantId: TenantId,
  input: { versionNumber: number; edited?: BrandProfile; acting: Acting },
): Promise<BrandVersion> {
  const accepted = await deps.brand.change(tenantId, async (state) => {
    await pendingProposal(deps, tenantId, state, input.versionNumber);
    return planAccept(state, {
      proposal: input.versionNumber,
      userId: input.acting.actor.userId,
      ...(input.edited ? { edited: input.edited } : {}),
    });
  });
  await audited(deps, tenantId, input.acting, {
    type: "brand.proposal-accepted",
    details: {
      proposal: input.versionNumber,
      version: accepted.versionNumber,
      edited: input.edited !== undefined,
    },
  });
  await announced(deps, tenantId, accepted, input.acting);
  return accepted;
}

/** Primary course: check the version is the pending proposal, reject it, audit it. */
export async function dismissBrandProposal(
  deps: BrandDeps,
  tenantId: TenantId,
  input: { versionNumber: number; reason?: string; acting: Acting },
): Promise<BrandVersion> {
  const dismissed = await deps.brand.change(tenantId, async (state) => {
    await pendingProposal(deps, tenantId, state, input.versionNumber);
    return planDismiss(state, {
      proposal: input.versionNumber,
      userId: input.acting.actor.userId,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    });
  });
  await audited(deps, tenantId, input.acting, {
    type: "brand.proposal-dismissed",
    details: { version: dismissed.versionNumber },
  });
  return dismissed;
}
