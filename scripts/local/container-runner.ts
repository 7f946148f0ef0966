import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { LocalEcsAgent } from "./ecs-agent.ts";
import type { Log } from "./log.ts";

export interface LocalContainerServiceOptions {
  /** The service's name, for logs. */
  name: string;
  /** Repository root: tasks run in it. */
  root: string;
  /**
   * The task's program: a JavaScript file, as the container image holds the consumer's bundle
   * (`FunctionBundles` with the container's `host`).
   */
  program: string;
  /** Tasks the service keeps running, until `scaleTo` changes it. */
  desiredCount: number;
  /** The task's environment (endpoints, credentials, bindings, Powertools settings). */
  environment: Record<string, string>;
  /**
   * How long a stopping task has between SIGTERM and SIGKILL (ECS's `stopTimeout`).
   * @default 30
   */
  stopTimeoutSeconds?: number;
  /**
   * Wait before replacing a task that stopped; doubled for each task in a row that dies within 10 s of
   * starting, up to 30 s.
   * @default 1000
   */
  restartDelayMs?: number;
  /**
   * The ECS agent's task protection endpoint: each task gets its own `ECS_AGENT_URI` there, and a
   * scale-in never picks a protected task.
   */
  agent: LocalEcsAgent;
  /** The task role's principal id (`consumer-<name>`), whose calls the agent makes. */
  principal?: string;
  log: Log;
}

/** A running task of the service. */
export interface LocalTask {
  /** ECS-style task id (32 hex digits). */
  id: string;
  pid: number;
  startedAt: number;
  /** Whether the task has scale-in protection on now (its consumer holds a job). */
  protected: boolean;
}

/** How a task ended. */
export interface TaskExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Task extends Omit<LocalTask, "protected"> {
  child: ChildProcess;
  exited: Promise<TaskExit>;
  /** The service is stopping this task on purpose: it is not replaced. */
  stopping: boolean;
  /** Settles when the stop the service began has ended the task. */
  stopped?: Promise<void>;
}

/** A task that lived less than this counts as a failed start for the replacement backoff. */
const QUICK_DEATH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The local stand-in for an ECS Fargate service: `desiredCount` tasks (`scaleTo` changes it, as
 * Application Auto Scaling changes a service's desired count), each the consumer's program run
 * as a child process (`node <program>`, from the repository root) with the consumer's
 * environment, its output in the local cloud's log. As the ECS service scheduler does, it replaces a
 * task that stops when nobody asked it to (a crash, an exit), after a short backoff, and a scale-in
 * stops only tasks without scale-in protection (`LocalEcsAgent`), waiting for a protected surplus
 * task until its protection is turned off or lapses. `stop()` stops every task as ECS does: SIGTERM,
 * then SIGKILL after the stop timeout.
 */
export class LocalContainerService {
  private readonly running = new Map<string, Task>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private active = false;
  private quickDeaths = 0;
  private desired: number;
  /** A scale-in waiting for a protected task's protection to lapse. */
  private protectedWait: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: LocalContainerServiceOptions) {
    this.desired = options.desiredCount;
  }

  /** Tasks the service keeps running. */
  get desiredCount(): number {
    return this.desired;
  }

  get name(): string {
    return this.options.name;
  }

  /** Starts tasks up to the desired count. */
  start(): void {
    this.active = true;
    // A task turning its protection off may be the one a waiting scale-in can now stop.
    this.unsubscribe ??= this.options.agent.onChange(() => this.scaleIn());
    for (let n = this.live() + this.restarts.size; n < this.desired; n += 1) this.launch();
  }

  /**
   * Sets the tasks the service keeps running, as a scaling policy sets an ECS service's desired count:
   * more start at once; the surplus stops as ECS stops it (`scaleIn`).
   */
  scaleTo(count: number): void {
    this.desired = count;
    if (!this.active) return;
    this.start();
    // Replacements still to start count toward the desired tasks: drop those now surplus first.
    for (const timer of [...this.restarts].slice(Math.max(0, count - this.live()))) {
      clearTimeout(timer);
      this.restarts.delete(timer);
    }
    this.scaleIn();
  }

  /**
   * Stops the surplus as ECS does on a scale-in: the newest tasks without scale-in protection first
   * (SIGTERM, then SIGKILL after the stop timeout, so a consumer finishes or releases its jobs). A
   * protected task is never stopped: the scale-in waits until its protection is turned off or lapses.
   */
  private scaleIn(): void {
    const wasWaiting = this.protectedWait !== undefined;
    clearTimeout(this.protectedWait);
    this.protectedWait = undefined;
    if (!this.active) return;
    const live = [...this.running.values()].filter((task) => !task.stopping).reverse();
    let surplus = live.length - this.desired;
    const waiting: number[] = [];
    for (const task of live) {
      if (surplus <= 0) break;
      const protection = this.options.agent.protection(task.id);
      if (protection.enabled) {
        waiting.push(protection.expiresAt ?? Date.now());
        continue;
      }
      surplus -= 1;
      void this.stopTask(task).catch((error: unknown) =>
        this.options.log("error", `${this.label(task)} did not stop`, error),
      );
    }
    if (surplus > 0 && waiting.length > 0) {
      if (!wasWaiting) {
        this.options.log(
          "info",
          `${this.options.name}: ${surplus} surplus task(s) protected; the scale-in waits`,
        );
      }
      this.protectedWait = setTimeout(
        () => this.scaleIn(),
        Math.max(0, Math.min(...waiting) - Date.now()) + 5,
      );
    }
  }

  /** Tasks running and not being stopped. */
  private live(): number {
    return [...this.running.values()].filter((task) => !task.stopping).length;
  }

  /** The running tasks, oldest first. */
  tasks(): LocalTask[] {
    return [...this.running.values()].map(({ id, pid, startedAt }) => ({
      id,
      pid,
      startedAt,
      protected: this.options.agent.protection(id).enabled,
    }));
  }

  /**
   * Ends one task (the oldest unless `id` is given) with `signal`, as a crash would, and resolves with
   * how it ended. The service replaces it, as ECS does.
   * @param signal @default "SIGKILL"
   */
  async killTask(id?: string, signal: NodeJS.Signals = "SIGKILL"): Promise<TaskExit> {
    const task = id === undefined ? this.running.values().next().value : this.running.get(id);
    if (task === undefined) throw new Error(`${this.options.name} has no running task ${id ?? ""}`.trim());
    task.child.kill(signal);
    return task.exited;
  }

  /**
   * Stops every task: SIGTERM, then SIGKILL for a task still running after the stop timeout. Nothing is
   * replaced until `start()`.
   *
   * `teardown`, for a local cloud that is stopping as a whole (its queues go with it): a task without
   * scale-in protection holds no job, so it is ended at once instead of waiting out its long poll; a
   * protected task is stopped as above, so its job finishes and its result is kept.
   * @param how @default "graceful"
   */
  async stop(how: "graceful" | "teardown" = "graceful"): Promise<void> {
    this.active = false;
    clearTimeout(this.protectedWait);
    this.protectedWait = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const timer of this.restarts) clearTimeout(timer);
    this.restarts.clear();
    await Promise.all(
      [...this.running.values()].map((task) => {
        if (how === "graceful" || this.options.agent.protection(task.id).enabled) return this.stopTask(task);
        task.stopping = true;
        task.child.kill("SIGKILL");
        return task.exited.then(() => undefined);
      }),
    );
  }

  /**
   * Stops one task as ECS does: SIGTERM, then SIGKILL if it still runs after the stop timeout. A task
   * already being stopped gets no second SIGTERM.
   */
  private stopTask(task: Task): Promise<void> {
    task.stopped ??= this.terminate(task);
    return task.stopped;
  }

  private async terminate(task: Task): Promise<void> {
    task.stopping = true;
    task.child.kill("SIGTERM");
    const stopMs = (this.options.stopTimeoutSeconds ?? 30) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<"timeout">((done) => {
      timer = setTimeout(() => done("timeout"), stopMs);
    });
    const ended = await Promise.race([task.exited, killed]);
    clearTimeout(timer);
    if (ended === "timeout") {
      this.options.log(
        "warn",
        `${this.label(task)} did not stop within ${stopMs / 1000} s of SIGTERM; sending SIGKILL`,
      );
      task.child.kill("SIGKILL");
      await task.exited;
    }
  }

  private label(task: Pick<Task, "id">): string {
    return `${this.options.name}/${task.id.slice(0, 8)}`;
  }

  private launch(): void {
    const id = randomUUID().replaceAll("-", "");
    const agentUri = this.options.agent.register(id, this.options.principal);
    const child = spawn(process.execPath, [resolve(this.options.root, this.options.program)], {
      cwd: this.options.root,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        LANG: "en_US.UTF-8",
        ...this.options.environment,
        ECS_AGENT_URI: agentUri,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<TaskExit>((done) => {
      child.once("exit", (code, signal) => done({ code, signal }));
    });
    const task: Task = { id, pid: child.pid ?? 0, startedAt: Date.now(), child, exited, stopping: false };
    this.running.set(id, task);
    for (const [stream, level] of [
      [child.stdout, "info"],
      [child.stderr, "warn"],
    ] as const) {
      if (stream) {
        createInterface({ input: stream }).on("line", (line) =>
          this.options.log(level, `[${this.label(task)}] ${line}`),
        );
      }
    }
    child.on("error", (error) => this.options.log("error", `${this.label(task)} could not run`, error));
    this.options.log("debug", `${this.label(task)} started (pid ${task.pid})`);
    void exited.then((exit) => this.exitedTask(task, exit));
  }

  private exitedTask(task: Task, exit: TaskExit): void {
    this.running.delete(task.id);
    this.options.agent.deregister(task.id);
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
    if (task.stopping || !this.active) {
      this.options.log("debug", `${this.label(task)} stopped (${how})`);
      return;
    }
    const lived = Date.now() - task.startedAt;
    this.quickDeaths = lived < QUICK_DEATH_MS ? this.quickDeaths + 1 : 0;
    const delay = Math.min(
      MAX_RESTART_DELAY_MS,
      (this.options.restartDelayMs ?? 1000) * 2 ** Math.max(0, this.quickDeaths - 1),
    );
    this.options.log(
      "warn",
      `${this.label(task)} stopped unexpectedly (${how}) after ${Math.round(lived / 1000)} s; starting a replacement in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      // A scale-in meanwhile may have made the replacement surplus.
      if (this.active && this.live() < this.desired) this.launch();
    }, delay);
    this.restarts.add(timer);
  }
}
