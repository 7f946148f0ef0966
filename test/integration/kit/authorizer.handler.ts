import { createHttpAuthorizer } from "#functions/authorizer/create-http-authorizer";
import { httpAuthorizerSetupOf } from "#shared/platform/declaration/authorizer-setup";
import { kitDeclaration } from "./declaration.ts";

/** The real authorizer, over the kit fixture's routes. */
export const handler = await createHttpAuthorizer(httpAuthorizerSetupOf(kitDeclaration));
