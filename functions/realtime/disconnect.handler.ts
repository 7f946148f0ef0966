import { realtime } from "#shared/contracts/realtime.routes";
import { connectionDeps } from "./connections-deps.ts";
import { onDisconnect } from "./realtime-routes.ts";

const deps = await connectionDeps(realtime.routes.$disconnect.bindings);

/** `$disconnect`: deletes the connection's records. */
export const handler = (event: unknown) => onDisconnect(deps, event);
