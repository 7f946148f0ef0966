import { platform } from "#shared/platform/declaration/platform";
import { createHttpAuthorizer } from "./create-http-authorizer.ts";

/** The platform's HTTP API authorizer. */
export const handler = createHttpAuthorizer(platform);
