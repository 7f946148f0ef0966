/**
 * A tenant's brand profile is kept as numbered versions, 1, 2, 3…, none ever overwritten: a change
 * of the profile is a new version, and only a version's status moves. The statuses:
 *
 * - `proposed` — what `setup` produced, waiting for a tenant admin. At most one is pending: a newer
 *   proposal supersedes the one before it.
 * - `accepted` — the current profile, the one agents write with. Exactly one version is accepted,
 *   or none before the first is.
 * - `superseded` — replaced: an accepted version by the next accepted one, a pending proposal by a
 *   newer proposal, or by the edited version a tenant admin accepted in its place.
 * - `rejected` — a proposal a tenant admin dismissed.
 *
 * The tenant's brand state (`BrandState`) names the latest version number, the accepted one and the
 * pending proposal; every change is planned here, as data, from the state it was read at, and the
 * repository writes the plan only if the state is still the one it was planned on.
 */
import type { BrandProfile } from "./brand-profile.ts";

export const BRAND_STATUSES = ["proposed", "accepted", "superseded", "rejected"] as const;
export type BrandStatus = (typeof BRAND_STATUSES)[number];

/** Who wrote a version, and from what. */
export type BrandOrigin =
  /** Produced by a run of `setup` (and stored with its result). */
  | { kind: "setup"; runId: string; contentId: string }
  /** Written by a tenant admin on top of the accepted version `baseVersion` (0: there was none). */
  | { kind: "edit"; userId: string; baseVersion: number }
  /** A proposal a tenant admin accepted with edits. */
  | { kind: "proposal"; userId: string; proposal: number };

/** One version as it is recorded. `versionNumber` is the brand's version (1, 2, 3…). */
export interface BrandVersionRecord {
  versionNumber: number;
  status: BrandStatus;
  profile: BrandProfile;
  origin: BrandOrigin;
  /** The last change of status after it was written: by whom (a user id) and when. */
  statusChange?: { by: string; at: string; reason?: string };
}

/** A stored version: its record, and when it was written (`createdAt`). */
export interface BrandVersion extends BrandVersionRecord {
  createdAt: string;
  updatedAt: string;
}

/** Where the tenant's versions stand. `latest` is 0 before the first version. */
export interface BrandState {
  latest: number;
  /**
   * How many changes the tenant's brand has seen (0 before the first); the repository raises it with
   * every change it writes, so it only grows — unlike `accepted`, which goes back to an older number
   * when an older proposal is accepted. It orders the brand's search document.
   */
  revision: number;
  accepted?: number;
  proposed?: number;
}

/** A status change one plan makes to an existing version, allowed only from `from`. */
export interface StatusMove {
  versionNumber: number;
  from: BrandStatus;
  to: BrandStatus;
  by: string;
  reason?: string;
}

/** One change of the tenant's brand, written all or nothing. */
export interface BrandPlan {
  /** The new version, numbered `state.latest + 1`. */
  create?: Omit<BrandVersionRecord, "versionNumber" | "statusChange">;
  moves: StatusMove[];
  /** The state after the change. */
  next: BrandState;
  /** The version the caller is answered: the new one, or the one whose status moved. */
  result: number;
}

/** The state with one more version, which is accepted or proposed. */
function withNew(state: BrandState, status: "accepted" | "proposed"): BrandState {
  const latest = state.latest + 1;
  return { ...state, latest, [status]: latest };
}

/** The state without a field (no `undefined` left behind). */
function without(state: BrandState, field: "accepted" | "proposed"): BrandState {
  const { [field]: _gone, ...rest } = state;
  return rest;
}

/** `setup` produced a profile: a new proposal, superseding a pending one. */
export function planProposal(
  state: BrandState,
  input: { profile: BrandProfile; runId: string; contentId: string },
): BrandPlan {
  const moves: StatusMove[] =
    state.proposed === undefined
      ? []
      : [{ versionNumber: state.proposed, from: "proposed", to: "superseded", by: input.runId }];
  return {
    create: {
      status: "proposed",
      profile: input.profile,
      origin: { kind: "setup", runId: input.runId, contentId: input.contentId },
    },
    moves,
    next: withNew(state, "proposed"),
    result: state.latest + 1,
  };
}

/** The accepted version is replaced by `created`: it is superseded, if there was one. */
function supersedeAccepted(state: BrandState, by: string): StatusMove[] {
  return state.accepted === undefined
    ? []
    : [{ versionNumber: state.accepted, from: "accepted", to: "superseded", by }];
}

/** A tenant admin saved a whole profile: a new accepted version. A pending proposal stays pending. */
export function planSave(
  state: BrandState,
  input: { profile: BrandProfile; userId: string; baseVersion: number },
): BrandPlan {
  return {
    create: {
      status: "accepted",
      profile: input.profile,
      origin: { kind: "edit", userId: input.userId, baseVersion: input.baseVersion },
    },
    moves: supersedeAccepted(state, input.userId),
    next: withNew(state, "accepted"),
    result: state.latest + 1,
  };
}

/**
 * A tenant admin accepted the pending proposal. As it is, it becomes the accepted version; with
 * edits, the edited profile is a new accepted version that names the proposal, which is superseded.
 */
export function planAccept(
  state: BrandState,
  input: { proposal: number; userId: string; edited?: BrandProfile },
): BrandPlan {
  const replaced = supersedeAccepted(state, input.userId);
  if (input.edited === undefined) {
    return {
      moves: [
        ...replaced,
        { versionNumber: input.proposal, from: "proposed", to: "accepted", by: input.userId },
      ],
      next: { ...without(state, "proposed"), accepted: input.proposal },
      result: input.proposal,
    };
  }
  return {
    create: {
      status: "accepted",
      profile: input.edited,
      origin: { kind: "proposal", userId: input.userId, proposal: input.proposal },
    },
    moves: [
      ...replaced,
      { versionNumber: input.proposal, from: "proposed", to: "superseded", by: input.userId },
    ],
    next: withNew(without(state, "proposed"), "accepted"),
    result: state.latest + 1,
  };
}

/** A tenant admin dismissed the pending proposal: it is rejected; the accepted version stays. */
export function planDismiss(
  state: BrandState,
  input: { proposal: number; userId: string; reason?: string },
): BrandPlan {
  return {
    moves: [
      {
        versionNumber: input.proposal,
        from: "proposed",
        to: "rejected",
        by: input.userId,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      },
    ],
    next: without(state, "proposed"),
    result: input.proposal,
  };
}
