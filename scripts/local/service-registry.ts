/**
 * The local cloud's services as one ordered registry. An entry names a service and starts it; a
 * start answers the running service, which says what it exposes (the URLs and SDK variables it adds
 * to the cloud) and knows how to stop itself, so only what started can be stopped. The registry starts
 * the entries in order and stops them in reverse. A start that fails stops what had started; every
 * failure is logged, and none is dropped: a failed stop still lets the others stop, and is thrown at
 * the end.
 */
import type { Log } from "./log.ts";

/** A started service: what it exposes, and how to stop it. */
export interface RunningService {
  /** Stops it; resolves once it no longer serves. */
  stop(): Promise<void>;
}

/** What a started service adds to the cloud. */
export interface Exposed {
  /** The URLs it serves at, by their name in the cloud's `urls`. */
  urls?: Readonly<Record<string, string>>;
  /** The variables that point an SDK client (or a function) at it. */
  env?: Readonly<Record<string, string>>;
}

/** One service of the registry. */
export interface ServiceEntry<Name extends string = string, Running extends RunningService = RunningService> {
  readonly name: Name;
  /**
   * Starts it; resolves once it serves. A start that fails leaves nothing of it running. A restart
   * serves where the first start did, so what it exposed stays true.
   */
  start(): Promise<Running>;
  /**
   * What it must hold before anything uses it (a table, the queues); if this fails, the service is
   * stopped again and its start fails.
   */
  prepare?(running: Running): Promise<void>;
  /** What it exposes once started. */
  exposes?(running: Running): Exposed;
}

/** The entries of a registry whose running services are `M`, by name. */
export type ServiceEntries<M> = { [K in keyof M & string]: ServiceEntry<K, M[K] & RunningService> }[keyof M &
  string];

/** Starts, stops and restarts the services of `entries`, in their order. */
export class ServiceRegistry<M extends { [K in keyof M]: RunningService }> {
  private readonly running = new Map<string, RunningService>();
  private readonly entries: readonly ServiceEntry[];

  /**
   * @param onExposed called with what each service exposes as it starts (before the next one starts,
   *   which may use it)
   */
  constructor(
    entries: readonly ServiceEntries<M>[],
    private readonly options: { log: Log; onExposed?: (exposed: Exposed) => void },
  ) {
    this.entries = entries;
    const names = entries.map((e) => e.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`the service "${repeated}" is registered twice`);
  }

  /** The running service `name`; `undefined` while it is stopped. */
  get<K extends keyof M & string>(name: K): M[K] | undefined {
    return this.running.get(name) as M[K] | undefined;
  }

  /**
   * Starts every entry not running yet, in order. If one fails, the ones started before it are
   * stopped, last first, and its error is thrown.
   */
  async startAll(): Promise<void> {
    const started: ServiceEntry[] = [];
    for (const entry of this.entries) {
      if (this.running.has(entry.name)) continue;
      try {
        await this.startEntry(entry);
      } catch (error) {
        if (started.length > 0) {
          this.options.log("error", `${entry.name} did not start; stopping what had started`);
          // Each failure to stop is logged as it happens; the start's error is the one thrown.
          await this.stopEach(started);
        }
        throw error;
      }
      started.push(entry);
    }
  }

  /** Stops every running service, last started first; throws the failures once all have been tried. */
  async stopAll(): Promise<void> {
    const failures = await this.stopEach(this.entries);
    if (failures.length > 0) throw new AggregateError(failures, "the local cloud did not stop cleanly");
  }

  /** Starts `name` unless it runs; a failure is logged and thrown. */
  async start(name: keyof M & string): Promise<void> {
    await this.startEntry(this.entry(name));
  }

  /** Stops `name` if it runs; a failure is logged and thrown. */
  async stop(name: keyof M & string): Promise<void> {
    await this.stopNamed(name);
  }

  private async startEntry(entry: ServiceEntry): Promise<void> {
    if (this.running.has(entry.name)) return;
    let running: RunningService;
    try {
      running = await entry.start();
    } catch (error) {
      this.options.log("error", `${entry.name} did not start`, error);
      throw error;
    }
    try {
      await entry.prepare?.(running);
    } catch (error) {
      this.options.log("error", `${entry.name} started but could not be prepared; stopping it`, error);
      await running
        .stop()
        .catch((stopError: unknown) => this.options.log("error", `${entry.name} did not stop`, stopError));
      throw error;
    }
    this.running.set(entry.name, running);
    const exposed = entry.exposes?.(running);
    if (exposed !== undefined) this.options.onExposed?.(exposed);
    this.options.log("debug", `${entry.name} started`);
  }

  private async stopNamed(name: string): Promise<void> {
    const running = this.running.get(name);
    if (running === undefined) return;
    this.running.delete(name);
    try {
      await running.stop();
    } catch (error) {
      this.options.log("error", `${name} did not stop`, error);
      throw error;
    }
    this.options.log("debug", `${name} stopped`);
  }

  private entry(name: string): ServiceEntry {
    const entry = this.entries.find((e) => e.name === name);
    if (entry === undefined) throw new Error(`no service named "${name}"`);
    return entry;
  }

  /** Stops each of `entries` that runs, last first, every one even if another fails; answers the failures. */
  private async stopEach(entries: readonly ServiceEntry[]): Promise<unknown[]> {
    const failures: unknown[] = [];
    for (const entry of [...entries].reverse()) {
      await this.stopNamed(entry.name).catch((error: unknown) => failures.push(error));
    }
    return failures;
  }
}
