import { logger } from "#shared/platform/logger";
import { matchOrigin, type OriginSecretValue, originSecretValue } from "#shared/platform/origin-secret";
import { RefreshSchedule, type SecretCacheOptions } from "./refresh-schedule.ts";
import type { SecretReader } from "./secret-store.ts";

/** How long a loaded origin secret is trusted before it is re-read. */
const ORIGIN_SECRET_MAX_AGE_MS = 5 * 60_000;
/** The least time between two re-reads that a header matching neither value provokes. */
const MISMATCH_REREAD_MS = 30_000;

/**
 * The origin secret as the authorizer checks it: read from Secrets Manager, kept for `maxAgeMs`, and
 * re-read early (at most every 30 s) when a header matches neither value — so a distribution that
 * starts sending a freshly rotated value is accepted within seconds, not after the cache ages, while
 * a flood of wrong headers costs at most one read per 30 s. A secret that cannot be read or parsed
 * at first throws: our fault, a 500 that is not cached, never a deny; once a value is held, a failed
 * refresh keeps it serving (`RefreshSchedule`).
 */
export class OriginSecretCache {
  #value: OriginSecretValue | undefined;
  #warnedPrevious = false;
  readonly #reader: SecretReader;
  readonly #secretId: string;
  readonly #schedule: RefreshSchedule;

  constructor(options: SecretCacheOptions) {
    this.#reader = options.read;
    this.#secretId = options.secretId;
    this.#schedule = new RefreshSchedule("the origin secret", {
      maxAgeMs: options.maxAgeMs ?? ORIGIN_SECRET_MAX_AGE_MS,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Whether the header carries the secret's current or previous value. */
  async verify(header: string | undefined): Promise<boolean> {
    if (header === undefined || header === "") return false;
    let value = await this.#load(this.#schedule.due);
    let match = matchOrigin(header, value);
    if (match === undefined && this.#schedule.olderThan(MISMATCH_REREAD_MS)) {
      value = await this.#load(true);
      match = matchOrigin(header, value);
    }
    if (match === "previous" && !this.#warnedPrevious) {
      // Expected for minutes after a rotation; for longer, the Web stack was not redeployed.
      this.#warnedPrevious = true;
      logger.warn(
        "The front door sends the previous origin secret: redeploy the Web stack (key-rotation runbook)",
      );
    }
    return match !== undefined;
  }

  async #load(refresh: boolean): Promise<OriginSecretValue> {
    const held = this.#value;
    if (held === undefined) return this.#read();
    return refresh ? this.#schedule.refresh(() => this.#read(), held) : held;
  }

  async #read(): Promise<OriginSecretValue> {
    const parsed = originSecretValue.safeParse(safeJson(await this.#reader(this.#secretId)));
    if (!parsed.success) throw new Error(`Secret ${this.#secretId} does not hold an origin secret`);
    this.#value = parsed.data;
    this.#schedule.loaded();
    this.#warnedPrevious = false;
    return parsed.data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
