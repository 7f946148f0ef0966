import { realtime } from "#shared/contracts/realtime.routes";
import { connectionDeps } from "./connections-deps.ts";
import { onConnect } from "./realtime-routes.ts";

const deps = await connectionDeps(realtime.routes.$connect.bindings);

/** `$connect`: records the connection the authorizer let through. */
export const handler = (event: unknown) => onConnect(deps, event);
