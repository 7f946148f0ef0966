/**
 * Helpers of the realtime integration tests, kept at this path for the tests that import them: they
 * are the realtime client `npm run bench:realtime` drives the local cloud with too.
 */
export {
  bearerOf,
  type Caller,
  eventPublishers,
  inBatchesOf,
  openSocket,
  refusalOf,
  type Socket,
  ticketFor,
} from "#scripts/bench/realtime-client";
