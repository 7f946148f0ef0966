import * as z from "zod/mini";
import { RouteTable } from "#scripts/local/gateway/route-table";
import type { PlatformDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { listRoutes, successStatusesOf } from "#shared/platform/declaration/validate";

const tables = new WeakMap<PlatformDeclaration, RouteTable<RouteDeclaration>>();

/** The declared route the gateway would pick for this request (the same route table), if any. */
export function declaredRouteOf(
  declaration: PlatformDeclaration,
  method: string,
  pathAndQuery: string,
): { key: string; route: RouteDeclaration } | undefined {
  let table = tables.get(declaration);
  if (table === undefined) {
    table = new RouteTable(
      listRoutes(declaration).map(({ key, route }) => ({
        key,
        method: route.method,
        path: route.path,
        target: route,
      })),
    );
    tables.set(declaration, table);
  }
  const path = pathAndQuery.split("?")[0] ?? pathAndQuery;
  const match = table.match(method.toUpperCase(), path);
  return match && { key: match.route.key, route: match.route.target };
}

/**
 * Holds a success to the route's declared statuses and `response`: the status and body the API
 * reference documents and the portal's client types are what the handler sent. An empty body (a
 * 204) is checked as `undefined`, so a route that answers nothing must declare so. Throws, naming
 * the route and zod's issues.
 */
export function assertDeclaredResponse(
  declaration: PlatformDeclaration,
  request: { method: string; path: string },
  answer: { status: number; text: string },
): void {
  if (answer.status < 200 || answer.status > 299) return;
  const declared = declaredRouteOf(declaration, request.method, request.path);
  if (declared === undefined) return;
  const statuses = successStatusesOf(declared.route);
  if (!statuses.includes(answer.status)) {
    throw new Error(
      `${declared.key} answered ${answer.status}; it declares its successes as ${statuses.join(" or ")} (successStatuses)`,
    );
  }
  if (declared.route.response === undefined) return;
  let body: unknown;
  try {
    body = answer.text === "" ? undefined : JSON.parse(answer.text);
  } catch (error) {
    throw new Error(
      `${declared.key} answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 200)}`,
      { cause: error },
    );
  }
  const parsed = z.safeParse(declared.route.response, body);
  if (!parsed.success) {
    throw new Error(
      `${declared.key} answered ${answer.status} with a body its declared response refuses:\n` +
        `${JSON.stringify(parsed.error.issues, null, 2)}\nbody: ${answer.text.slice(0, 2000)}`,
    );
  }
}
