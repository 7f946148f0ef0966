import type { HttpAuthorizerSetup } from "#shared/platform/declaration/authorizer-setup";
import { createHttpAuthorizer } from "./create-http-authorizer.ts";
import generated from "./http-authorizer-setup.json" with { type: "json" };

/**
 * The platform's HTTP API authorizer, over the platform's routes as generated JSON: the declaration
 * itself would bundle every domain's contracts. JSON types its strings as `string`, hence the cast; a
 * test proves the file is exactly `httpAuthorizerSetupOf(platform)`.
 */
export const handler = await createHttpAuthorizer(generated as unknown as HttpAuthorizerSetup);
