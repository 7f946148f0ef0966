/**
 * Permission parity: every AWS call a principal of the platform made on the local cloud (which grants
 * them all) must be one the synthesized templates grant its role, or it would be denied in AWS.
 */
import type { AwsCall } from "#scripts/local/aws-calls";
import type { LocalCloud } from "#scripts/local/cloud";
import { declaredPrincipals } from "#shared/platform/declaration/functions";
import { resourceName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { isAllowed } from "../../infra/test/support/iam-evaluation.ts";
import { principalGrants, type StackTemplate } from "../../infra/test/support/principal-grants.ts";

/** The platform's templates as synthesized for a stage, and the declaration they came from. */
export interface SynthesizedPlatform {
  stage: string;
  stacks: StackTemplate[];
}

/** What the check reads of a local cloud. */
export type CheckedCloud = Pick<LocalCloud, "declaration" | "stage" | "region" | "account" | "awsCalls">;

/** Bindings compared by value, whatever the order their keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The calls of `cloud`'s principals that the roles synthesized from `deployed` would deny, one line
 * each: principal (deployed name), action, resource. Only principals `deployed` declares, with the
 * same entry, are checked: a test's own functions are never deployed. One that runs with bindings
 * other than the deployed declaration's is a finding itself, since its calls prove nothing about them.
 */
export function permissionViolations(
  cloud: CheckedCloud,
  synthesized: SynthesizedPlatform,
  deployed: PlatformDeclaration,
): string[] {
  const grants = principalGrants(synthesized.stacks, {
    app: deployed.app,
    synthesizedStage: synthesized.stage,
    stage: cloud.stage,
    region: cloud.region,
    account: cloud.account,
  });
  const deployedPrincipals = new Map(declaredPrincipals(deployed).map((p) => [p.id, p]));
  const running = new Map(declaredPrincipals(cloud.declaration).map((p) => [p.id, p]));
  const byPrincipal = new Map<string, AwsCall[]>();
  for (const call of cloud.awsCalls()) {
    byPrincipal.set(call.principal, [...(byPrincipal.get(call.principal) ?? []), call]);
  }
  const violations: string[] = [];
  for (const [id, calls] of byPrincipal) {
    const platformPrincipal = deployedPrincipals.get(id);
    const runningPrincipal = running.get(id);
    if (platformPrincipal === undefined || platformPrincipal.entry !== runningPrincipal?.entry) continue;
    const name = `${id} (${resourceName(deployed.app, cloud.stage, id)})`;
    if (canonical(platformPrincipal.bindings ?? {}) !== canonical(runningPrincipal.bindings ?? {})) {
      violations.push(`${name} runs with bindings other than the deployed declaration's: unchecked`);
      continue;
    }
    const statements = grants.get(id);
    if (statements === undefined) {
      violations.push(`${name} has no role in the synthesized templates`);
      continue;
    }
    for (const call of calls) {
      if (!isAllowed(statements, call.action, call.resource)) {
        violations.push(`${name} ${call.action} on ${call.resource}`);
      }
    }
  }
  return violations;
}

/** Throws, listing every violation, when the synthesized roles would deny any call of the cloud. */
export function expectPermissionParity(
  cloud: CheckedCloud,
  synthesized: SynthesizedPlatform,
  deployed: PlatformDeclaration,
): void {
  const violations = permissionViolations(cloud, synthesized, deployed);
  if (violations.length > 0) {
    throw new Error(
      `Permission parity: AWS would deny these calls, which the synthesized IAM does not grant (grant them through the function's bindings):\n  ${violations.join("\n  ")}`,
    );
  }
}
