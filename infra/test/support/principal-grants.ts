/**
 * What the synthesized templates grant each principal of the platform — each function's execution
 * role and each container consumer's task role — with every resource token resolved to the ARN it
 * names where the platform runs: `Ref`, `Fn::GetAtt`, `Fn::ImportValue` and `Fn::GetStackOutput`
 * (across the stacks),
 * `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, the pseudo parameters and SSM parameters another
 * stack writes (`AWS::SSM::Parameter::Value<String>`), and each physical name moved from
 * the synthesized stage to the running one (`leadmetrics-dev-main` → `leadmetrics-local-main`).
 * A token it cannot resolve (an attribute of a log group, say) becomes a resource no call names, so
 * it grants nothing rather than too much.
 */
import { Stack } from "aws-cdk-lib";
import { LOCAL_WEBSOCKET_API_ID } from "#scripts/local/cloud-gateways";
import { resourceName, secretName } from "#shared/platform/declaration/naming";
import type { ResolvedStatement } from "./iam-evaluation.ts";
import type { SynthesizedApp } from "./synth-platform.ts";

/** One synthesized stack: its name and its CloudFormation template (JSON). */
export interface StackTemplate {
  stackName: string;
  template: {
    Parameters?: Record<string, { Type?: string; Default?: unknown }>;
    Resources?: Record<string, CfnResource>;
    Outputs?: Record<string, CfnOutput>;
  };
}
interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface CfnOutput {
  Value: unknown;
  Export?: { Name?: unknown };
}

/** Where the templates' resources are to be found: the running platform's stage, Region and account. */
export interface GrantTarget {
  app: string;
  /** The stage the templates were synthesized for. */
  synthesizedStage: string;
  /** The stage the resources run under (the local cloud's). */
  stage: string;
  region: string;
  account: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The stack and logical id a `Ref`, `Fn::GetAtt` or `Fn::ImportValue` points at, with the attribute. */
interface Target {
  stack: StackTemplate;
  logicalId: string;
  attribute: string;
}

class Resolver {
  private readonly exports = new Map<string, { stack: StackTemplate; value: unknown }>();
  /** SSM parameters the stacks write, by parameter name: a reference a stack reads at deploy. */
  private readonly parameters = new Map<string, { stack: StackTemplate; value: unknown }>();

  constructor(
    readonly stacks: readonly StackTemplate[],
    private readonly target: GrantTarget,
  ) {
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const name = output.Export?.Name;
        if (typeof name === "string") this.exports.set(name, { stack, value: output.Value });
      }
      for (const resource of Object.values(stack.template.Resources ?? {})) {
        const name = resource.Properties?.Name;
        if (resource.Type === "AWS::SSM::Parameter" && typeof name === "string") {
          this.parameters.set(name, { stack, value: resource.Properties?.Value });
        }
      }
    }
  }

  /** What a value points at, if it is a reference (`Ref`, `Fn::GetAtt`, an import or a stack output). */
  targetOf(value: unknown, stack: StackTemplate): Target | undefined {
    if (!isRecord(value)) return undefined;
    if (typeof value.Ref === "string") return { stack, logicalId: value.Ref, attribute: "Ref" };
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && typeof getAtt[1] === "string") {
      return { stack, logicalId: getAtt[0], attribute: getAtt[1] };
    }
    const imported = value["Fn::ImportValue"];
    const exported = typeof imported === "string" ? this.exports.get(imported) : undefined;
    if (exported) return this.targetOf(exported.value, exported.stack);
    // A weak reference: another stack's output, read by stack name (and Region) at deploy.
    const read = value["Fn::GetStackOutput"];
    if (isRecord(read) && typeof read.OutputName === "string") {
      const producer = this.stacks.find((s) => s.stackName === this.resolve(read.StackName, stack));
      const output = producer?.template.Outputs?.[read.OutputName];
      return producer && output ? this.targetOf(output.Value, producer) : undefined;
    }
    return undefined;
  }

  /** A value as the running platform sees it; `unresolved:…` for what cannot be known here. */
  resolve(value: unknown, stack: StackTemplate): string {
    if (typeof value === "string") return value;
    if (!isRecord(value)) return `unresolved:${JSON.stringify(value)}`;
    const join = value["Fn::Join"];
    if (Array.isArray(join) && typeof join[0] === "string" && Array.isArray(join[1])) {
      return join[1].map((part: unknown) => this.resolve(part, stack)).join(join[0]);
    }
    const split = value["Fn::Split"];
    if (Array.isArray(split) && typeof split[0] === "string") {
      return JSON.stringify(this.resolve(split[1], stack).split(split[0]));
    }
    const select = value["Fn::Select"];
    if (Array.isArray(select)) {
      const list = this.resolve(select[1], stack);
      const items = list.startsWith("[") ? (JSON.parse(list) as string[]) : [];
      return items[Number(select[0])] ?? `unresolved:${JSON.stringify(value)}`;
    }
    const sub = value["Fn::Sub"];
    if (typeof sub === "string" || Array.isArray(sub)) return this.substitute(sub, stack);
    if (typeof value.Ref === "string" && value.Ref.startsWith("AWS::")) return this.pseudo(value.Ref);
    const parameter = typeof value.Ref === "string" ? stack.template.Parameters?.[value.Ref] : undefined;
    if (parameter !== undefined) {
      const written =
        parameter.Type?.startsWith("AWS::SSM::Parameter::Value") && typeof parameter.Default === "string"
          ? this.parameters.get(parameter.Default)
          : undefined;
      return written ? this.resolve(written.value, written.stack) : `unresolved:${JSON.stringify(value)}`;
    }
    const target = this.targetOf(value, stack);
    return target ? this.attributeOf(target) : `unresolved:${JSON.stringify(value)}`;
  }

  /** `Fn::Sub`: `${AWS::Region}`, `${Logical}`, `${Logical.Attribute}` and the given variables. */
  private substitute(sub: unknown, stack: StackTemplate): string {
    const [text, variables] = Array.isArray(sub) ? sub : [sub, {}];
    if (typeof text !== "string") return `unresolved:${JSON.stringify(sub)}`;
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_match, name: string) => {
      if (isRecord(variables) && name in variables) return this.resolve(variables[name], stack);
      if (name.startsWith("AWS::")) return this.pseudo(name);
      const [logicalId = "", attribute] = name.split(".");
      return attribute === undefined
        ? this.resolve({ Ref: logicalId }, stack)
        : this.resolve({ "Fn::GetAtt": [logicalId, attribute] }, stack);
    });
  }

  private pseudo(name: string): string {
    const { region, account } = this.target;
    const known: Record<string, string> = {
      "AWS::Partition": "aws",
      "AWS::Region": region,
      "AWS::AccountId": account,
      "AWS::URLSuffix": "amazonaws.com",
    };
    return known[name] ?? `unresolved:${name}`;
  }

  /** Every deployed name in a resolved value (a literal ARN too) moved to the running stage. */
  moveStage(text: string): string {
    const { app, synthesizedStage, stage } = this.target;
    return [resourceName, secretName].reduce(
      (moved, naming) => moved.replaceAll(naming(app, synthesizedStage, ""), naming(app, stage, "")),
      text,
    );
  }

  /** A physical name moved from the synthesized stage to the running one. */
  private localName(name: unknown): string | undefined {
    if (typeof name !== "string") return undefined;
    const { app, synthesizedStage, stage } = this.target;
    for (const naming of [resourceName, secretName]) {
      const from = naming(app, synthesizedStage, "");
      if (name.startsWith(from)) return `${naming(app, stage, "")}${name.slice(from.length)}`;
    }
    return name;
  }

  private attributeOf({ stack, logicalId, attribute }: Target): string {
    const resource = stack.template.Resources?.[logicalId];
    const { region, account } = this.target;
    const unresolved = `unresolved:${stack.stackName}.${logicalId}.${attribute}`;
    const p = resource?.Properties ?? {};
    switch (resource?.Type) {
      case "AWS::DynamoDB::Table":
      case "AWS::DynamoDB::GlobalTable": {
        const name = this.localName(p.TableName);
        if (name === undefined) return unresolved;
        if (attribute === "Ref") return name;
        return attribute === "Arn" ? `arn:aws:dynamodb:${region}:${account}:table/${name}` : unresolved;
      }
      case "AWS::SQS::Queue": {
        const name = this.localName(p.QueueName);
        if (name === undefined) return unresolved;
        if (attribute === "Arn") return `arn:aws:sqs:${region}:${account}:${name}`;
        if (attribute === "QueueName") return name;
        return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
      }
      case "AWS::Events::EventBus": {
        const name = this.localName(p.Name);
        if (name === undefined) return unresolved;
        if (attribute === "Arn") return `arn:aws:events:${region}:${account}:event-bus/${name}`;
        return attribute === "Ref" || attribute === "Name" ? name : unresolved;
      }
      case "AWS::SecretsManager::Secret": {
        const name = this.localName(p.Name);
        // A secret's ARN ends in six characters AWS picks at creation: as a policy names it unknown.
        return name !== undefined && attribute === "Ref"
          ? `arn:aws:secretsmanager:${region}:${account}:secret:${name}-??????`
          : unresolved;
      }
      case "AWS::ECS::Cluster": {
        // A task protection grant names the cluster's tasks by the cluster's name.
        const name = this.localName(p.ClusterName);
        if (name === undefined) return unresolved;
        if (attribute === "Arn") return `arn:aws:ecs:${region}:${account}:cluster/${name}`;
        return attribute === "Ref" ? name : unresolved;
      }
      case "AWS::ApiGatewayV2::Api":
        // A grant on a WebSocket API's `@connections` names it by id: locally, the local API's id.
        return attribute === "Ref" ? LOCAL_WEBSOCKET_API_ID : unresolved;
      default:
        return unresolved;
    }
  }
}

/** A principal's physical name (`leadmetrics-dev-api-health`) → its id (`api-health`). */
function principalId(name: unknown, target: GrantTarget): string | undefined {
  const prefix = resourceName(target.app, target.synthesizedStage, "");
  return typeof name === "string" && name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}

interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
  NotAction?: unknown;
  NotResource?: unknown;
}

/**
 * Every principal's identity-policy statements (its role's inline policies and the `AWS::IAM::Policy`
 * resources attached to it, in any stack), by principal id: a Lambda function's by its
 * `FunctionName`, a container consumer's task role by its task definition's `Family`.
 */
export function principalGrants(
  stacks: readonly StackTemplate[],
  target: GrantTarget,
): Map<string, ResolvedStatement[]> {
  const resolver = new Resolver(stacks, target);
  const roles = new Map<string, string>();
  const roleKey = (t: Target) => `${t.stack.stackName}/${t.logicalId}`;
  for (const stack of stacks) {
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      const p = resource.Properties ?? {};
      const [name, role] =
        resource.Type === "AWS::Lambda::Function"
          ? [p.FunctionName, p.Role]
          : resource.Type === "AWS::ECS::TaskDefinition"
            ? [p.Family, p.TaskRoleArn]
            : [undefined, undefined];
      const id = principalId(name, target);
      const roleTarget = resolver.targetOf(role, stack);
      if (id !== undefined && roleTarget !== undefined) roles.set(roleKey(roleTarget), id);
    }
  }
  const grants = new Map<string, ResolvedStatement[]>([...roles.values()].map((id) => [id, []]));
  const add = (roleTarget: Target | undefined, document: unknown, stack: StackTemplate) => {
    const id = roleTarget && roles.get(roleKey(roleTarget));
    if (id === undefined || !isRecord(document)) return;
    const statements = [document.Statement ?? []].flat() as PolicyStatement[];
    grants.get(id)?.push(...statements.map((s) => resolveStatement(s, resolver, stack)));
  };
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const p = resource.Properties ?? {};
      if (resource.Type === "AWS::IAM::Policy") {
        for (const role of [p.Roles ?? []].flat())
          add(resolver.targetOf(role, stack), p.PolicyDocument, stack);
      }
      if (resource.Type === "AWS::IAM::Role") {
        for (const inline of [p.Policies ?? []].flat()) {
          add(
            { stack, logicalId, attribute: "Ref" },
            isRecord(inline) ? inline.PolicyDocument : undefined,
            stack,
          );
        }
      }
    }
  }
  return grants;
}

function resolveStatement(s: PolicyStatement, resolver: Resolver, stack: StackTemplate): ResolvedStatement {
  return {
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: [s.Action ?? []].flat().map((a) => resolver.resolve(a, stack)),
    resources: [s.Resource ?? []].flat().map((r) => {
      const resolved = resolver.resolve(r, stack);
      return resolved.startsWith("unresolved:") ? resolved : resolver.moveStage(resolved);
    }),
    unevaluated: s.Condition !== undefined || s.NotAction !== undefined || s.NotResource !== undefined,
  };
}

/** Every stack of a synthesized app as a `StackTemplate`. */
export function stackTemplates(synthesized: SynthesizedApp): StackTemplate[] {
  return synthesized.app.node.children
    .filter((child): child is Stack => Stack.isStack(child))
    .map((stack) => ({
      stackName: stack.stackName,
      template: synthesized.template(stack).toJSON() as StackTemplate["template"],
    }));
}
