import { platform } from "#shared/contracts/platform";
import { createHttpAuthorizer } from "./create-http-authorizer.ts";

/** The platform's HTTP API authorizer. */
export const handler = await createHttpAuthorizer(platform);
