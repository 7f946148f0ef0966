import { createNotificationRepository } from "#shared/adapters/dynamodb/notifications/notifications-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { notificationsApi } from "#shared/contracts/notifications.routes";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import type { NotificationsDeps } from "./deps.ts";
import { listRoute } from "./list.route.ts";
import { readRoute } from "./read.route.ts";
import { readAllRoute } from "./read-all.route.ts";

const bound = loadBindings(notificationsApi.bindings);
const table = await openTable(bound);
const deps: NotificationsDeps = { notifications: createNotificationRepository(table) };

export const handler = createApiHandler(notificationsApi, {
  list: listRoute(deps),
  read: readRoute(deps),
  readAll: readAllRoute(deps),
  staffList: listRoute(deps),
  staffRead: readRoute(deps),
  staffReadAll: readAllRoute(deps),
});
