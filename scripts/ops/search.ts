/**
 * `npm run ops -- search migrate --stage <stage> --endpoint <url>`: brings the stage's search indexes
 * to the definitions in the repository (`shared/adapters/search/migrate.ts`).
 */
import { migrateStage } from "#shared/adapters/search/migrate";

export const SEARCH_USAGE = `search migrate       --endpoint <url>: create or update the stage's search indexes behind their
                       aliases; a changed mapping version reindexes into a new index and swaps the alias`;

/** Runs `search <sub>`; answers a usage message for a command line it cannot read. */
export async function runSearchCommand(
  sub: string | undefined,
  options: { stage: string; endpoint: string | undefined },
  log: (line: string) => void,
): Promise<string | undefined> {
  if (sub !== "migrate") return `unknown search command "${sub ?? ""}"\n\n${SEARCH_USAGE}`;
  const endpoint = options.endpoint ?? process.env.SEARCH_ENDPOINT;
  if (!endpoint) return "search migrate needs --endpoint (or SEARCH_ENDPOINT)";
  await migrateStage({ endpoint }, options.stage, log);
  return undefined;
}
