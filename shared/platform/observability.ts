import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * One Logger, Tracer and Metrics per function, configured from the standard Powertools variables
 * that the CDK app and the local cloud both set (`shared/platform/declaration/functions.ts`).
 */
export { logger } from "./logger.ts";
export const tracer = new Tracer();
export const metrics = new Metrics();
