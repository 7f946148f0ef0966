/**
 * The signed-in session: the access token lives only in memory; the refresh token lives in an
 * HttpOnly cookie the page cannot read, sent only to the refresh path. The session renews itself a
 * minute before the access token expires, and once when a call answers 401; when a renewal is
 * refused (revoked, expired, suspended) it ends, with the reason the login page shows.
 */
import type { ResponseOf } from "./routes.ts";

/** What sign-in, sign-up and refresh answer. */
export type SignedIn = ResponseOf<"POST /api/auth/v1/login">;
export type SessionUser = SignedIn["user"];

/** The header a refresh must carry (a cross-site form cannot set it). */
export const CSRF_HEADER = { name: "X-Requested-With", value: "leadmetrics" } as const;
export const REFRESH_URL = "/api/auth/v1/refresh";

/** How long before expiry the session renews itself. */
export const RENEW_BEFORE_SECONDS = 60;

export type SessionState =
  | { status: "unknown" }
  | { status: "signed-out"; reason?: string }
  | { status: "signed-in"; user: SessionUser; accessToken: string; expiresAt: number };

type Listener = (state: SessionState) => void;

/**
 * A hint, kept in the browser's storage, that this browser was signed in: it decides only whether
 * opening the app tries a silent renewal (the refresh cookie is HttpOnly, so the page cannot see it),
 * so a first visit does not ask, get a 401 and log it. It grants nothing; the cookie decides.
 */
const SIGNED_IN_HINT = "leadmetrics.signed-in";

/** Where the hint lives: `localStorage` in a browser; nowhere otherwise. */
export interface HintStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function browserStorage(): HintStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage disabled by the browser's settings: every visit tries a renewal, as without a hint.
    return undefined;
  }
}

/** When to renew a token that expires at `expiresAt` (epoch seconds), in ms from `nowMs`. */
export function renewalDelayMs(expiresAt: number, nowMs: number): number {
  const lifetimeMs = expiresAt * 1000 - nowMs;
  // A short-lived token renews at two thirds of its life rather than a minute before it ends.
  const lead = Math.min(RENEW_BEFORE_SECONDS * 1000, lifetimeMs / 3);
  return Math.max(0, lifetimeMs - lead);
}

/** What the login page says when a renewal was refused, by the refusal's status. */
export function endedReason(status: number, message: string | undefined): string {
  if (status === 403 && message) return message;
  return "Your session has ended. Please sign in again.";
}

export class Session {
  #state: SessionState = { status: "unknown" };
  readonly #hints: HintStore | undefined;

  constructor(hints: HintStore | undefined = browserStorage()) {
    this.#hints = hints;
  }

  /** Opening the app: renews silently when this browser was signed in; otherwise straight to sign-in. */
  resume(): Promise<boolean> {
    if (this.#hints && this.#hints.getItem(SIGNED_IN_HINT) === null) {
      this.end();
      return Promise.resolve(false);
    }
    return this.renew();
  }
  #listeners = new Set<Listener>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #renewing: Promise<boolean> | undefined;

  get state(): SessionState {
    return this.#state;
  }

  get accessToken(): string | undefined {
    return this.#state.status === "signed-in" ? this.#state.accessToken : undefined;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts (or continues) a session from a sign-in, sign-up or refresh answer. */
  signedIn(body: SignedIn): void {
    this.#set({
      status: "signed-in",
      user: body.user,
      accessToken: body.accessToken,
      expiresAt: body.expiresAt,
    });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.renew(), renewalDelayMs(body.expiresAt, Date.now()));
  }

  /** Ends the session here (the server side is ended by the caller first). */
  end(reason?: string): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#set(reason ? { status: "signed-out", reason } : { status: "signed-out" });
  }

  /**
   * Renews the access token with the refresh cookie; concurrent callers share one request. True
   * when the session goes on; false when it ended (the state then says why).
   */
  renew(): Promise<boolean> {
    this.#renewing ??= this.#refresh().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  async #refresh(): Promise<boolean> {
    const wasSignedIn = this.#state.status === "signed-in";
    let response: Response;
    try {
      response = await fetch(REFRESH_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { [CSRF_HEADER.name]: CSRF_HEADER.value },
      });
    } catch {
      // The network is down: keep the session; the next call or timer tries again.
      if (wasSignedIn) {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.renew(), 15_000);
        return true;
      }
      this.end();
      return false;
    }
    if (response.ok) {
      this.signedIn((await response.json()) as SignedIn);
      return true;
    }
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { message?: string } }
      | undefined;
    // Nobody was signed in (a first visit): no reason to show, just the login page.
    this.end(wasSignedIn ? endedReason(response.status, body?.error?.message) : undefined);
    return false;
  }

  #set(state: SessionState): void {
    this.#state = state;
    if (state.status === "signed-in") this.#hints?.setItem(SIGNED_IN_HINT, "1");
    if (state.status === "signed-out") this.#hints?.removeItem(SIGNED_IN_HINT);
    for (const listener of this.#listeners) listener(state);
  }
}
