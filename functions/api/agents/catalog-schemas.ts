/**
 * The JSON Schemas of each agent's input and output, as the catalog route serves them. They are
 * generated from the agents' zod schemas (`npm run docs:api` writes `catalog-schemas.json`; a test
 * fails when it is stale), not computed here: zod's JSON Schema generator is much of zod, and every
 * byte of a bundle costs its cold start (docs/decisions/0004-cold-start-budget.md).
 */
import generated from "./catalog-schemas.json" with { type: "json" };

/** An agent's input (what a client may send; fields with defaults optional) and output JSON Schemas. */
export interface AgentJsonSchemas {
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

const schemas: Readonly<Record<string, AgentJsonSchemas | undefined>> = generated;

/** The JSON Schemas of an agent by its role; an agent the file does not hold is a build's mistake. */
export function jsonSchemasOf(role: string): AgentJsonSchemas {
  const found = schemas[role];
  if (!found) throw new Error(`No JSON Schemas generated for agent ${role}: run npm run docs:api`);
  return found;
}
