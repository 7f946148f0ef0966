import { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * The function's Powertools Tracer. Its own module, imported only by code that traces (the API
 * handler kit): the X-Ray SDK under it hooks every asynchronous resource of the process (cls-hooked
 * on `async_hooks`) once loaded, which a queue consumer that does not trace should not pay per job.
 */
export const tracer = new Tracer();
