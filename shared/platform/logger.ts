import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The function's one Powertools Logger (service and level from `POWERTOOLS_SERVICE_NAME` and
 * `POWERTOOLS_LOG_LEVEL`). Its own module, so code that only logs loads nothing else.
 */
export const logger = new Logger();
