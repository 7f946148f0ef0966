/**
 * The custom resource behind `SecretTeardown`: when it is deleted, it finishes deleting the secrets
 * CloudFormation has just scheduled for deletion, so their names are free at once. Bundled at synth
 * as CommonJS for CDK's custom-resource entry point, which answers CloudFormation for it.
 */
import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

/** The part of a CloudFormation custom-resource event this handler reads. */
export interface TeardownEvent {
  RequestType: "Create" | "Update" | "Delete";
  ResourceProperties: { SecretIds?: unknown };
}

/** What the handler needs of Secrets Manager. */
export interface SecretStore {
  /** Whether the secret is scheduled for deletion; `undefined` when there is no such secret. */
  scheduledForDeletion(secretId: string): Promise<boolean | undefined>;
  /** Deletes the secret now, without a recovery window. */
  forceDelete(secretId: string): Promise<void>;
}

export type TeardownLog = (message: string, extra: Record<string, unknown>) => void;

/**
 * On Delete, force-deletes each named secret that is already scheduled for deletion. The secrets
 * depend on the custom resource, so on a stack's deletion CloudFormation has scheduled them before
 * this runs; a secret still live (the resource removed or renamed while the stack stays) is left
 * alone. Create and Update do nothing.
 */
export async function finishTeardown(store: SecretStore, event: TeardownEvent, log: TeardownLog) {
  if (event.RequestType !== "Delete") return;
  const ids = event.ResourceProperties.SecretIds;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
    throw new Error(`SecretIds must be a list of secret names, got ${JSON.stringify(ids)}`);
  }
  for (const secretId of ids as string[]) {
    const scheduled = await store.scheduledForDeletion(secretId);
    if (scheduled === true) {
      await store.forceDelete(secretId);
      log("Deleted the secret without a recovery window", { secretId });
    } else {
      log("Left the secret as it is", { secretId, reason: scheduled === false ? "live" : "absent" });
    }
  }
}

/** `SecretStore` on the AWS SDK. */
export function secretsManagerStore(client: SecretsManagerClient): SecretStore {
  return {
    async scheduledForDeletion(secretId) {
      try {
        const secret = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
        return secret.DeletedDate !== undefined;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async forceDelete(secretId) {
      await client.send(new DeleteSecretCommand({ SecretId: secretId, ForceDeleteWithoutRecovery: true }));
    },
  };
}

const client = new SecretsManagerClient({});

export async function handler(event: TeardownEvent): Promise<void> {
  await finishTeardown(secretsManagerStore(client), event, (message, extra) =>
    console.log(JSON.stringify({ level: "INFO", message, ...extra })),
  );
}
