/**
 * `npm run ops -- <command> [options]`: operations commands. They use the AWS SDK with the usual
 * credential chain; against the local cloud, export the variables `npm run dev` prints.
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import { cloudWatchMetricData } from "#shared/adapters/queue-ages";
import { platform } from "#shared/contracts/platform";
import { ConflictError, NotFoundError } from "#shared/domain/errors";
import { EDGE } from "#shared/platform/declaration/edge";
import { resourceName, secretName } from "#shared/platform/declaration/naming";
import { countKnowledge } from "./count-knowledge.ts";
import { createSuperAdmin } from "./create-super-admin.ts";
import { DLQ_USAGE, DlqUsageError, dlqDeps, parseDlqCommand, runDlqCommand } from "./dlq.ts";
import { indexStaff } from "./index-staff.ts";
import { rotateOriginSecret } from "./rotate-origin-secret.ts";
import { rotateSigningKey } from "./rotate-signing-key.ts";
import { runSearchCommand, SEARCH_USAGE } from "./search.ts";
import { ReindexFailedError } from "./search-reindex.ts";
import { RotationTooSoonError } from "./secret-rotation.ts";

const USAGE = `usage: npm run ops -- <command> --stage <stage> [options]

commands:
  rotate-signing-key   add a new ES256 signing key, keep the previous one, retire older ones
                       (refused within 30 min of the last rotation unless --force)
  rotate-origin-secret a new value for CloudFront's origin header, the old one still accepted; then
                       deploy the Web stack with the version it prints (refused within 1 h of the
                       last rotation unless --force)
  create-super-admin   --email <e-mail> --name <name>: create a super-admin; prints a one-time
                       password to sign in with (change it with POST /api/auth/v1/password)
  index-staff          once per stage: key staff created before the staff listing existed onto its
                       index, so GET /api/admin/v1/staff lists them
  count-knowledge      once per stage: count each tenant's knowledge documents stored before the
                       count existed, so agent runs retrieve from them
  ${DLQ_USAGE}
  ${SEARCH_USAGE}`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    stage: { type: "string" },
    force: { type: "boolean", default: false },
    email: { type: "string" },
    name: { type: "string" },
    limit: { type: "string" },
    endpoint: { type: "string" },
    tenant: { type: "string" },
    help: { type: "boolean" },
  },
});

const [command] = positionals;
if (values.help || !command) {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}
if (!values.stage) {
  console.error("--stage is required (dev, prod, or local for the local cloud)");
  process.exit(2);
}
const stage = values.stage;
const log = (line: string) => console.log(line);

async function run(name: string): Promise<void> {
  switch (name) {
    case "rotate-signing-key": {
      const client = new SecretsManagerClient({});
      await rotateSigningKey(
        client,
        {
          signingKeys: secretName(platform.app, stage, "signing-keys"),
          verificationKeys: secretName(platform.app, stage, "verification-keys"),
        },
        { force: values.force, log },
      );
      return;
    }
    case "rotate-origin-secret": {
      const { versionId } = await rotateOriginSecret(
        new SecretsManagerClient({}),
        secretName(platform.app, stage, EDGE.originSecret),
        { force: values.force, log },
      );
      log(
        `next: npx cdk deploy --context stage=${stage} --context originSecretVersion=${versionId} --exclusively ${resourceName(platform.app, stage, "web")}`,
      );
      return;
    }
    case "create-super-admin": {
      if (!values.email || !values.name) {
        console.error("create-super-admin needs --email and --name");
        process.exit(2);
      }
      const created = await createSuperAdmin(
        new DynamoDBClient({}),
        resourceName(platform.app, stage, platform.table.name),
        { email: values.email, name: values.name },
      );
      // Printed once, to the operator who ran the command; it is stored only as a scrypt hash.
      log(`super-admin ${created.email} (${created.userId}) created; one-time password: ${created.password}`);
      return;
    }
    case "index-staff": {
      const { keyed } = await indexStaff(
        new DynamoDBClient({}),
        resourceName(platform.app, stage, platform.table.name),
        log,
      );
      log(`${keyed} staff user(s) keyed on the staff index`);
      return;
    }
    case "count-knowledge": {
      const { tenants, corrected } = await countKnowledge(
        new DynamoDBClient({}),
        resourceName(platform.app, stage, platform.table.name),
        log,
      );
      log(`${tenants} tenant(s) hold knowledge documents; ${corrected} count(s) corrected`);
      return;
    }
    case "dlq": {
      const command = parseDlqCommand(positionals.slice(1), values.limit);
      const client = new SQSClient({});
      const cloudWatch = cloudWatchMetricData();
      try {
        log(await runDlqCommand(dlqDeps(client, platform.app, stage, cloudWatch.getMetricData), command));
      } finally {
        client.destroy();
        cloudWatch.destroy();
      }
      return;
    }
    case "search": {
      const usage = await runSearchCommand(
        positionals[1],
        { stage, endpoint: values.endpoint, tenant: values.tenant },
        log,
      );
      if (usage) {
        console.error(usage);
        process.exit(2);
      }
      return;
    }
    default:
      console.error(`unknown command "${name}"\n\n${USAGE}`);
      process.exit(2);
  }
}

try {
  await run(command);
} catch (error) {
  // An operator reads this: the reason alone for a refusal, the whole error for a fault.
  if (
    error instanceof RotationTooSoonError ||
    error instanceof ConflictError ||
    error instanceof NotFoundError
  )
    console.error(`refused: ${error.message}`);
  else if (error instanceof DlqUsageError || error instanceof ReindexFailedError)
    console.error(error.message);
  else console.error(`${command} failed:`, error);
  // 2 for a command line it could not read, as for the other usage errors above.
  process.exitCode = error instanceof DlqUsageError ? 2 : 1;
}
