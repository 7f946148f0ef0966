import type { Logger } from "@aws-lambda-powertools/logger";
import type { LogItemExtraInput } from "@aws-lambda-powertools/logger/types";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logger } from "./logger.ts";

/**
 * One Logger and Metrics per function, configured from the standard Powertools variables that the CDK
 * app and the local cloud both set (`shared/platform/declaration/functions.ts`). Tracing is in
 * `tracing/`.
 */
export { logger };

/** What the Metrics utility says when an invocation recorded no metric: normal for most requests. */
const NO_METRICS_NOTICE = /^No application metrics to publish/;

/**
 * The Metrics utility's own messages go through the function's Logger (JSON, with the invocation's
 * keys), except its notice that an invocation recorded no metric, which is debug: on every request
 * of a route that counts nothing it would be a warning that warns of nothing.
 */
export function metricsLogger(log: Logger) {
  type Say = (message: string, ...extra: LogItemExtraInput) => void;
  const warn: Say = (message, ...extra) =>
    NO_METRICS_NOTICE.test(message) ? log.debug(message, ...extra) : log.warn(message, ...extra);
  return {
    debug: ((message, ...extra) => log.debug(message, ...extra)) as Say,
    info: ((message, ...extra) => log.info(message, ...extra)) as Say,
    warn,
    error: ((message, ...extra) => log.error(message, ...extra)) as Say,
  };
}

export const metrics = new Metrics({ logger: metricsLogger(logger) });
