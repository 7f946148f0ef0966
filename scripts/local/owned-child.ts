import type { ChildProcess } from "node:child_process";

/**
 * Ties `child` to this process, which kills it if it exits first, and answers how to stop it: SIGTERM,
 * then SIGKILL if it is still running `graceMs` later; resolves once it has exited.
 * @param graceMs how long a SIGTERM may take. @default 5000
 */
export function ownChild(child: ChildProcess, graceMs = 5000): () => Promise<void> {
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
}
