/** How the local cloud reports what it does: dev prints everything, tests keep only problems. */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Log = (level: LogLevel, message: string, detail?: unknown) => void;

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A log that writes to stderr everything at or above `threshold`. */
export function consoleLog(threshold: LogLevel = "info"): Log {
  return (level, message, detail) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const line = `[local-cloud] ${level.toUpperCase()} ${message}`;
    if (detail === undefined) console.error(line);
    else console.error(line, detail);
  };
}

/** The message of anything thrown, for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
