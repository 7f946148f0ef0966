/**
 * Files derived from the declaration and committed, so that what reads them needs no generator at run
 * time: the API reference, the agents' JSON Schemas the catalog route serves (zod's JSON Schema
 * generator stays out of the function), and the authorizer's route table (the declaration's contracts
 * stay out of the authorizer). `npm run docs:api` writes them; `generated.test.ts` fails when one is
 * stale.
 */
import { platform } from "#shared/contracts/platform";
import { AGENTS } from "#shared/domain/agents/catalog";
import { inputJsonSchema, outputJsonSchema } from "#shared/domain/agents/prompt";
import { httpAuthorizerSetupOf } from "#shared/platform/declaration/authorizer-setup";
import { buildOpenApi } from "./openapi.ts";

export interface GeneratedFile {
  /** From the repository's root. */
  path: string;
  content: () => unknown;
}

export const GENERATED_FILES: readonly GeneratedFile[] = [
  { path: "docs/openapi.json", content: () => buildOpenApi(platform) },
  {
    path: "functions/api/agents/catalog-schemas.json",
    content: () =>
      Object.fromEntries(
        AGENTS.map((agent) => [
          agent.role,
          { inputSchema: inputJsonSchema(agent), outputSchema: outputJsonSchema(agent) },
        ]),
      ),
  },
  { path: "functions/authorizer/http-authorizer-setup.json", content: () => httpAuthorizerSetupOf(platform) },
];

/** A generated file's text: indented JSON and a final newline. */
export function generatedText(file: GeneratedFile): string {
  return `${JSON.stringify(file.content(), null, 2)}\n`;
}
