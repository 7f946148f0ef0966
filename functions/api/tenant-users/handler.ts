import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createIdentityStore } from "#shared/adapters/dynamodb/identity-store";
import { SingleTable } from "#shared/adapters/dynamodb/single-table";
import { readSecretBytes } from "#shared/adapters/secrets";
import { tenantUsersApi } from "#shared/contracts/tenant-users.routes";
import { loadConfig } from "#shared/platform/config";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { auditRoute } from "./audit.route.ts";
import { changeRoleRoute } from "./change-role.route.ts";
import type { TenantUsersDeps } from "./deps.ts";
import { inviteRoute } from "./invite.route.ts";
import { listRoute } from "./list.route.ts";
import { removeRoute } from "./remove.route.ts";

const config = loadConfig(
  z.object({
    STAGE: z.string().check(z.minLength(1)),
    TABLE_NAME: z.string().check(z.minLength(1)),
    SECRET_ID_CURSOR_KEY: z.string().check(z.minLength(1)),
  }),
);

const table = new SingleTable({
  client: new DynamoDBClient({}),
  tableName: config.TABLE_NAME,
  cursorKey: await readSecretBytes(new SecretsManagerClient({}), config.SECRET_ID_CURSOR_KEY),
});
const deps: TenantUsersDeps = {
  store: createIdentityStore(table),
  audit: createAuditLog(table),
  now: () => new Date(),
};

export const handler = createApiHandler(
  tenantUsersApi,
  {
    list: listRoute(deps),
    invite: inviteRoute(deps),
    remove: removeRoute(deps),
    changeRole: changeRoleRoute(deps),
    audit: auditRoute(deps),
  },
  { stage: config.STAGE },
);
