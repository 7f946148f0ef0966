import type { ChildProcess } from "node:child_process";

/**
 * Ties `child` to this process, which kills it if it exits first, and answers how to stop it: SIGTERM,
 * then SIGKILL if it is still running `graceMs` later; resolves once it has exited.
 * @param graceMs how long a SIGTERM may take. @default 5000
 * @param onExit the signal it gets if this process exits first: SIGTERM lets a child that can finish on
 *   its own (closing files, deleting its temporary ones) do so after this process is gone. @default "SIGKILL"
 */
export function ownChild(
  child: ChildProcess,
  graceMs = 5000,
  onExit: "SIGKILL" | "SIGTERM" = "SIGKILL",
): () => Promise<void> {
  const killOnExit = () => child.kill(onExit);
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
