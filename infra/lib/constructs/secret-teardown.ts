import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  ArnFormat,
  CustomResource,
  CustomResourceProvider,
  CustomResourceProviderRuntime,
  Stack,
  Stage,
} from "aws-cdk-lib";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { buildSync } from "esbuild";
import { REPO_ROOT } from "./platform-function.ts";

/** The custom resource type, as it appears in the template. */
export const SECRET_TEARDOWN_TYPE = "Custom::SecretTeardown";

export interface SecretTeardownProps {
  /** The secrets, each with its name as it is given to Secrets Manager. */
  readonly secrets: readonly { readonly secret: ISecret; readonly name: string }[];
}

/**
 * Deletes a stage's secrets outright when its stack is destroyed. CloudFormation deletes a secret
 * with Secrets Manager's recovery window (7 to 30 days), during which its name cannot be used again,
 * so a torn-down stage could not be recreated. The secrets depend on this custom resource, so they
 * are scheduled for deletion first and its handler (`secret-teardown.handler.ts`) then deletes them
 * for good; a secret still live is never touched. For stages without deletion protection only.
 */
export class SecretTeardown extends Construct {
  constructor(scope: Construct, id: string, props: SecretTeardownProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const provider = CustomResourceProvider.getOrCreateProvider(this, SECRET_TEARDOWN_TYPE, {
      codeDirectory: stageHandler(this),
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      description: "Deletes the stage's secrets without a recovery window when its stack is destroyed.",
      policyStatements: [
        {
          Effect: "Allow",
          Action: ["secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret"],
          // Secrets Manager appends `-` and six characters to a secret's name in its ARN.
          Resource: props.secrets.map(({ name }) =>
            stack.formatArn({
              service: "secretsmanager",
              resource: "secret",
              resourceName: `${name}-??????`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ),
        },
      ],
    });
    const teardown = new CustomResource(this, "Resource", {
      serviceToken: provider.serviceToken,
      resourceType: SECRET_TEARDOWN_TYPE,
      properties: { SecretIds: props.secrets.map(({ name }) => name) },
    });
    for (const { secret } of props.secrets) secret.node.addDependency(teardown);
  }
}

/**
 * Bundles the handler as CommonJS (`index.js`, CDK's entry point requires it) into the cloud
 * assembly, leaving the AWS SDK to the Lambda runtime's own copy.
 */
function stageHandler(scope: Construct): string {
  const outdir = Stage.of(scope)?.outdir;
  if (outdir === undefined) throw new Error(`${scope.node.path} is not inside a CDK app or stage.`);
  const directory = join(outdir, "custom-resources", "secret-teardown");
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  buildSync({
    entryPoints: [join(REPO_ROOT, "infra/lib/constructs/secret-teardown.handler.ts")],
    outfile: join(directory, "index.js"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    external: ["@aws-sdk/*"],
    logLevel: "error",
  });
  return directory;
}
