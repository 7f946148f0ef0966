import { RemovalPolicy, Validations } from "aws-cdk-lib";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { SecretDeclaration } from "#shared/platform/declaration/types";
import { pascalCase } from "../naming.ts";

export interface PlatformSecretsProps {
  readonly declarations: readonly SecretDeclaration[];
  readonly physicalName: (name: string) => string;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The declared secrets. CloudFormation only makes each secret exist: its first value is a JSON
 * placeholder `{"placeholder":true,"provisionedBy":"<ops command>","nonce":"…"}`, and the real value
 * is written by the ops command the declaration names (`provisionedBy`), which also rotates it.
 * Changing a secret's declaration later does not overwrite a value ops has set; replacing the secret
 * (a new name) does, so rerun the ops command after that.
 */
export class PlatformSecrets extends Construct {
  readonly byName = new Map<string, Secret>();

  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    for (const declaration of props.declarations) {
      const secret = new Secret(this, pascalCase(declaration.name), {
        secretName: props.physicalName(declaration.name),
        description: `${declaration.description} Provisioned and rotated by \`${declaration.provisionedBy}\`.`,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({
            placeholder: true,
            provisionedBy: declaration.provisionedBy,
          }),
          generateStringKey: "nonce",
          excludePunctuation: true,
        },
        removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason: `Rotated by the ops command \`${declaration.provisionedBy}\` (keeps the previous key for verification), not by a rotation Lambda.`,
      });
      this.byName.set(declaration.name, secret);
    }
  }
}
