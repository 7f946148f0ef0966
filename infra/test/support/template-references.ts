import type { Template } from "aws-cdk-lib/assertions";
import { resourcesOf } from "./synth-platform.ts";

/** A resource a template value points at: its logical id and `Ref` or the `Fn::GetAtt` attribute. */
export interface Reference {
  logicalId: string;
  attribute: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What a `Ref` or `Fn::GetAtt` points at in its own template, or, given the producing stack's
 * template, what a weak reference (`Fn::GetStackOutput`) to one of its outputs, or an import of one of
 * its exports, points at there. `undefined` for anything else (a literal, a join).
 */
export function referenceTo(value: unknown, producer?: Template): Reference | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === "string") return { logicalId: value.Ref, attribute: "Ref" };
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && typeof getAtt[1] === "string") {
    return { logicalId: getAtt[0], attribute: getAtt[1] };
  }
  if (!producer) return undefined;
  const outputs = (producer.toJSON().Outputs ?? {}) as Record<
    string,
    { Value: unknown; Export?: { Name?: unknown } }
  >;
  const read = value["Fn::GetStackOutput"];
  if (isRecord(read) && typeof read.OutputName === "string") {
    const output = outputs[read.OutputName];
    return output && referenceTo(output.Value);
  }
  const imported = value["Fn::ImportValue"];
  if (imported !== undefined) {
    const output = Object.values(outputs).find((o) => o.Export?.Name === imported);
    return output && referenceTo(output.Value);
  }
  return undefined;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the identity policies attached to a role of the template. */
export function policyStatementsOf(template: Template, roleLogicalId: string): PolicyStatement[] {
  return resourcesOf(template, "AWS::IAM::Policy")
    .filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some((role) => referenceTo(role)?.logicalId === roleLogicalId),
    )
    .flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement,
    );
}

/** A statement's actions and resources as lists. */
export function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
export function resourcesOfStatement(statement: PolicyStatement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** The resource of the template that a `Ref` or `Fn::GetAtt` there points at; throws when there is none. */
export function resourceAt(
  template: Template,
  value: unknown,
): { logicalId: string; Properties: Record<string, unknown> } {
  const ref = referenceTo(value);
  const resource = ref && template.toJSON().Resources?.[ref.logicalId];
  if (!ref || !resource) throw new Error(`${JSON.stringify(value)} points at no resource of the template`);
  return { logicalId: ref.logicalId, Properties: resource.Properties ?? {} };
}
