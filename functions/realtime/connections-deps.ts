import { assignedTenants } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createConnectionRepository } from "#shared/adapters/dynamodb/realtime/connection-repository";
import type { ConnectDeps } from "#shared/domain/realtime/connections";
import { loadBindings } from "#shared/platform/bindings";
import type { FunctionBindings } from "#shared/platform/declaration/types";
import { logger } from "#shared/platform/logger";

/** The deps of `$connect` and `$disconnect`, built at cold start from the route's bindings. */
export async function connectionDeps(
  bindings: FunctionBindings & { table: "readwrite" },
): Promise<ConnectDeps> {
  const table = await openTable(loadBindings(bindings));
  return {
    connections: createConnectionRepository(table),
    assignedTenants: assignedTenants(table),
    now: () => new Date(),
    log: logger,
  };
}
