/**
 * Who each function of the local cloud is: its id (its principal, whose credentials it signs with),
 * the service it serves and its deployed name, from the declaration. The local cloud runs and signs
 * every function through these.
 */
import { declaredFunctions, declaredPrincipals } from "#shared/platform/declaration/functions";
import type { FunctionDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import type { LocalFunction } from "./lambda-runtime.ts";

/** A function's or container task's identity: its principal id and what it serves. */
export interface FunctionIdentity {
  id: string;
  service: string;
}

export interface FunctionIdentities {
  /** A declared function as the runtime runs it: its declaration and its deployed name. */
  functionOf(fn: FunctionDeclaration): LocalFunction;
  /**
   * The identity of a declared function, or of a function invoked by name; one the declaration does
   * not hold (a test's own) serves, and signs, under its name.
   */
  identityOf(fn: FunctionDeclaration | LocalFunction): FunctionIdentity;
}

/**
 * The ids realtime functions run under while the declaration's function list does not name them:
 * `realtime-authorizer`, and `realtime-<route>` for a route (`$connect` → `realtime-connect`).
 */
function realtimeFunctions(
  declaration: PlatformDeclaration,
): { id: string; declaration: FunctionDeclaration }[] {
  const { realtime } = declaration;
  if (realtime === undefined) return [];
  return [
    { id: "realtime-authorizer", declaration: realtime.authorizer },
    ...Object.entries(realtime.routes).map(([routeKey, fn]) => ({
      id: `realtime-${routeKey.replace(/^\$/, "")}`,
      declaration: fn,
    })),
  ];
}

export function functionIdentities(
  declaration: PlatformDeclaration,
  nameOf: (id: string) => string,
): FunctionIdentities {
  const identities = new Map<FunctionDeclaration, FunctionIdentity>(
    declaredFunctions(declaration).map((f) => [f.declaration, f]),
  );
  for (const fn of realtimeFunctions(declaration)) {
    if (!identities.has(fn.declaration)) identities.set(fn.declaration, { id: fn.id, service: fn.id });
  }
  const declared = (fn: FunctionDeclaration): FunctionIdentity => {
    const identity = identities.get(fn);
    if (identity === undefined) throw new Error(`${fn.entry} is not a function of this declaration`);
    return identity;
  };
  // Functions and container tasks by deployed name: each signs its calls as its own principal.
  const byName = new Map<string, FunctionIdentity>([
    ...[...identities.values()].map((i) => [nameOf(i.id), i] as const),
    ...declaredPrincipals(declaration).map((p) => [nameOf(p.id), p] as const),
  ]);
  return {
    functionOf: (fn) => ({ ...fn, name: nameOf(declared(fn).id) }),
    identityOf: (fn) => {
      if (!("name" in fn && typeof fn.name === "string")) return declared(fn);
      return byName.get(fn.name) ?? { id: fn.name, service: fn.name };
    },
  };
}
