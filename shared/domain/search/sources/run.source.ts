/**
 * Agent runs in the search index, once finished: the agent, its outcome, the text of its input and
 * the reason it failed. The document's version is the run's `version`, raised by each change.
 */
import type { RunRepository } from "#shared/domain/agents/ports";
import { textFields } from "#shared/domain/content/content";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { bodyOf, type IndexChange, searchDocumentId } from "../search-document.ts";

export interface RunSourceDeps {
  runs: Pick<RunRepository, "get">;
}

export async function runChange(
  deps: RunSourceDeps,
  tenantId: TenantId,
  runId: string,
): Promise<IndexChange | undefined> {
  const run = await deps.runs.get(tenantId, runId);
  if (!run) return undefined;
  return {
    kind: "put",
    document: {
      id: searchDocumentId("run", runId),
      version: run.version,
      fields: {
        type: "run",
        itemId: runId,
        kind: run.role,
        status: run.status,
        title: `${run.role.replace(/-/g, " ")} run`,
        body: bodyOf([...textFields(run.input).map((f) => f.text), run.failure?.reason ?? ""]),
        createdAt: run.createdAt,
        updatedAt: run.updatedAt,
      },
    },
  };
}
