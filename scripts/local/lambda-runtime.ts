import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { createInterface } from "node:readline";
import type { FunctionDeclaration } from "#shared/platform/declaration/types";
import { FunctionBundles } from "./function-bundles.ts";
import type { FromWorker, InvokeContext } from "./lambda-protocol.ts";
import { describeError, type Log } from "./log.ts";
import { invocationTraceHeader, Sampler } from "./xray-daemon.ts";

/** A declared function with the name it runs under (`AWS_LAMBDA_FUNCTION_NAME`). */
export interface LocalFunction extends FunctionDeclaration {
  name: string;
}

/** What an invocation answers: the handler's JSON result, or a function error as Lambda reports it. */
export type InvokeResult =
  | { ok: true; payload: unknown }
  | { ok: false; errorType: string; error: string; trace?: string[] };

export interface LambdaRuntimeOptions {
  /** Repository root: entries are relative to it and workers run in it. */
  root: string;
  region: string;
  account: string;
  /** The environment of a function's sandbox (bindings, endpoints, Powertools settings). */
  environment(fn: LocalFunction): Record<string, string>;
  /** Directories whose changes (from `start()` on) retire every sandbox, so the next invocation runs the new source. */
  watch: readonly string[];
  /**
   * Sandboxes per function at most; more concurrent invocations wait.
   * @default 10
   */
  maxConcurrency?: number;
  log: Log;
}

/** The sandbox's own code (the runtime interface), bundled like the functions. */
const WORKER = "scripts/local/lambda-worker.ts";
/** Lambda gives init 10 s; a loaded two-core machine starting ten sandboxes at once gets more. */
const INIT_TIMEOUT_MS = 30_000;

/** What a sandbox runs: the worker's bundle and the function's, built in a generation of the sources. */
interface SandboxCode {
  worker: string;
  entry: string;
  /** A sandbox of code built before a later source change is retired after its invocation. */
  generation: number;
}

interface Sandbox {
  child: ChildProcess;
  generation: number;
  ready: Promise<FromWorker>;
  busy: boolean;
}

/**
 * The local Lambda service: each function runs its deployed bundle (`function-bundles.ts`) in its own
 * sandboxes (child processes, see `lambda-worker.ts`), one invocation at a time per sandbox,
 * concurrency by more sandboxes. A source change retires the sandboxes, so the next invocation
 * cold-starts on a bundle built from the new source.
 * The function's declared timeout is enforced as Lambda does: the sandbox is killed and the invocation
 * fails with `Task timed out after N.00 seconds`.
 */
export class LambdaRuntime {
  private readonly sandboxes = new Map<string, Sandbox[]>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly watchers: FSWatcher[] = [];
  private generation = 0;
  private stopped = false;
  private readonly bundles: FunctionBundles;
  /**
   * Active tracing's sampling, under X-Ray's default rule as in AWS (one invocation a second and 5 %
   * of the rest). A test that reads traces changes its rule (`sampling.rule = SAMPLE_ALL`), as an
   * operator changes a sampling rule.
   */
  readonly sampling = new Sampler();

  constructor(private readonly options: LambdaRuntimeOptions) {
    this.bundles = new FunctionBundles(options.root);
  }

  /** Starts watching the sources: a change retires every sandbox, so the next invocation runs the new code. */
  start(): void {
    if (this.watchers.length > 0) return;
    const { log } = this.options;
    for (const dir of this.options.watch) {
      try {
        const watcher = watch(dir, { recursive: true }, () => this.retireAll());
        watcher.on("error", (error) => log("warn", `stopped watching ${dir}`, error));
        this.watchers.push(watcher);
      } catch (error) {
        log("warn", `cannot watch ${dir} for source changes: ${describeError(error)}`);
      }
    }
  }

  /** Runs `fn` on `event` and answers its result or its function error; never throws for the function's faults. */
  async invoke(fn: LocalFunction, event: unknown): Promise<InvokeResult> {
    if (this.stopped) throw new Error("the Lambda runtime is stopped");
    let code: SandboxCode;
    try {
      code = await this.codeOf(fn);
    } catch (error) {
      // In AWS such code never deploys; here the invocation fails as an import would.
      this.options.log("error", `${fn.name}: ${fn.entry} does not build`, error);
      return { ok: false, errorType: "Runtime.ImportModuleError", error: describeError(error) };
    }
    const sandbox = await this.acquire(fn, code);
    const requestId = randomUUID();
    try {
      const init = await sandbox.ready;
      if (init.type === "init-error") {
        this.discard(fn.name, sandbox);
        return { ok: false, errorType: init.errorType, error: init.errorMessage };
      }
      if (init.type !== "ready") throw new Error(`unexpected message from sandbox: ${init.type}`);
      return await this.run(fn, sandbox, requestId, event);
    } finally {
      this.release(fn, sandbox);
    }
  }

  /**
   * Builds the bundles of `fns` now rather than at their first invocation, as a deployment builds every
   * function before any runs: for a benchmark, whose measured phases must not pay a build that a
   * scheduled function's first invocation would otherwise start. Rejects when one does not build.
   */
  async prepare(fns: readonly LocalFunction[]): Promise<void> {
    for (const fn of fns) await this.codeOf(fn);
  }

  /** Kills every sandbox and stops watching sources. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const watcher of this.watchers) watcher.close();
    const all = [...this.sandboxes.values()].flat();
    this.sandboxes.clear();
    await Promise.all(all.map((s) => kill(s.child)));
  }

  private run(fn: LocalFunction, sandbox: Sandbox, requestId: string, event: unknown): Promise<InvokeResult> {
    const timeoutSeconds = fn.timeoutSeconds ?? 10;
    const context: InvokeContext = {
      awsRequestId: requestId,
      functionName: fn.name,
      memoryLimitInMB: String(fn.memoryMb ?? 512),
      invokedFunctionArn: `arn:aws:lambda:${this.options.region}:${this.options.account}:function:${fn.name}`,
      logGroupName: `/aws/lambda/${fn.name}`,
      logStreamName: `local/[$LATEST]${sandbox.child.pid ?? 0}`,
      deadline: Date.now() + timeoutSeconds * 1000,
      xRayTraceId: invocationTraceHeader(this.sampling.sample()),
    };
    return new Promise<InvokeResult>((resolvePromise) => {
      const finish = (result: InvokeResult) => {
        clearTimeout(timer);
        sandbox.child.off("message", onMessage);
        sandbox.child.off("exit", onExit);
        resolvePromise(result);
      };
      const onMessage = (message: FromWorker) => {
        if (message.type === "result" && message.id === requestId) {
          finish({ ok: true, payload: JSON.parse(message.payload) });
        } else if (message.type === "error" && message.id === requestId) {
          finish({
            ok: false,
            errorType: message.errorType,
            error: message.errorMessage,
            trace: message.trace,
          });
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.discard(fn.name, sandbox);
        finish({
          ok: false,
          errorType: "Runtime.ExitError",
          error: `RequestId: ${requestId} Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`,
        });
      };
      const timer = setTimeout(() => {
        this.options.log(
          "warn",
          `${fn.name} ${requestId}: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
        );
        sandbox.child.off("exit", onExit);
        this.discard(fn.name, sandbox);
        finish({
          ok: false,
          errorType: "Sandbox.Timedout",
          error: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
        });
      }, timeoutSeconds * 1000);
      sandbox.child.on("message", onMessage);
      sandbox.child.once("exit", onExit);
      sandbox.child.send({ type: "invoke", id: requestId, event, context });
    });
  }

  private async codeOf(fn: LocalFunction): Promise<SandboxCode> {
    const generation = this.generation;
    const [worker, entry] = await Promise.all([
      this.bundles.bundleOf({ entry: WORKER, host: "container" }),
      this.bundles.bundleOf({
        entry: fn.entry,
        ...(fn.runtimeProvidedModules ? { runtimeProvidedModules: fn.runtimeProvidedModules } : {}),
      }),
    ]);
    return { worker, entry, generation };
  }

  private async acquire(fn: LocalFunction, code: SandboxCode): Promise<Sandbox> {
    for (;;) {
      const pool = this.sandboxes.get(fn.name) ?? [];
      this.sandboxes.set(fn.name, pool);
      const idle = pool.find((s) => !s.busy && s.generation === this.generation);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (pool.length < (this.options.maxConcurrency ?? 10)) {
        const sandbox = this.spawn(fn, code);
        sandbox.busy = true;
        pool.push(sandbox);
        return sandbox;
      }
      await new Promise<void>((wake) => {
        const queue = this.waiting.get(fn.name) ?? [];
        queue.push(wake);
        this.waiting.set(fn.name, queue);
      });
    }
  }

  private release(fn: LocalFunction, sandbox: Sandbox): void {
    sandbox.busy = false;
    if (sandbox.generation !== this.generation) this.discard(fn.name, sandbox);
    this.waiting.get(fn.name)?.shift()?.();
  }

  private discard(name: string, sandbox: Sandbox): void {
    const pool = this.sandboxes.get(name) ?? [];
    const at = pool.indexOf(sandbox);
    if (at >= 0) pool.splice(at, 1);
    kill(sandbox.child).catch((error: unknown) =>
      this.options.log("warn", `could not kill a sandbox of ${name}`, error),
    );
  }

  /** A source file changed: idle sandboxes go now, busy ones when their invocation ends. */
  private retireAll(): void {
    this.generation += 1;
    this.bundles.forget();
    for (const [name, pool] of this.sandboxes) {
      for (const sandbox of pool.filter((s) => !s.busy)) this.discard(name, sandbox);
    }
  }

  private spawn(fn: LocalFunction, code: SandboxCode): Sandbox {
    const child = fork(code.worker, [code.entry], {
      cwd: this.options.root,
      execArgv: [],
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        TZ: "UTC",
        LANG: "en_US.UTF-8",
        LAMBDA_TASK_ROOT: this.options.root,
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb ?? 512),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
        ...this.options.environment(fn),
      },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    for (const [stream, level] of [
      [child.stdout, "info"],
      [child.stderr, "warn"],
    ] as const) {
      if (stream)
        createInterface({ input: stream }).on("line", (line) =>
          this.options.log(level, `[${fn.name}] ${line}`),
        );
    }
    const ready = new Promise<FromWorker>((resolveReady) => {
      const timer = setTimeout(
        () =>
          resolveReady({
            type: "init-error",
            errorType: "Runtime.InitTimeout",
            errorMessage: `init of ${fn.entry} timed out`,
          }),
        INIT_TIMEOUT_MS,
      );
      const onMessage = (message: FromWorker) => {
        if (message.type !== "ready" && message.type !== "init-error") return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolveReady(message);
      };
      child.on("message", onMessage);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolveReady({
          type: "init-error",
          errorType: "Runtime.ExitError",
          errorMessage: `init of ${fn.entry} exited with ${code}`,
        });
      });
    });
    child.on("error", (error) => this.options.log("error", `sandbox of ${fn.name} failed`, error));
    return { child, generation: code.generation, ready, busy: false };
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGKILL");
  await exited;
}
