import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * One Logger, Tracer and Metrics per function, configured from the standard Powertools variables
 * (`POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`, `LOG_LEVEL`) that the CDK app and the
 * local cloud both set.
 */
export const logger = new Logger();
export const tracer = new Tracer();
export const metrics = new Metrics();
