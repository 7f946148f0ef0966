import { realtime } from "#shared/contracts/realtime.routes";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/logger";
import { connectionPoster } from "./management-client.ts";
import { onMessage } from "./realtime-routes.ts";

const deps = { poster: connectionPoster(loadBindings(realtime.routes.$default.bindings)), log: logger };

/** `$default`: every message a client sends (see `onMessage`). */
export const handler = (event: unknown) => onMessage(deps, event);
