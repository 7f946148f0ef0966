/**
 * `npm run dev`: the whole platform on this machine. Data persists under `.local/` (git-ignored):
 * DynamoDB's files, the OpenSearch node's indices and the generated secrets. Ctrl-C stops everything, Java included.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCloud } from "./cloud.ts";
import { consoleLog } from "./log.ts";
import { searchHealth } from "./opensearch.ts";
import { ensurePortalBuild } from "./portal-build.ts";
import { seedDemo } from "./seed.ts";

// The SDK's Node-version notice is noise in every command a developer runs; the functions get the same setting.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const log = consoleLog(process.env.LOCAL_CLOUD_LOG === "debug" ? "debug" : "info");
const apiPort = Number(process.env.PORT ?? "3000");

// The portal's build, made first when it is missing or older than its sources (`npm run build`).
const portalDirectory = await ensurePortalBuild(root, log);
const cloud = await startLocalCloud({
  dataDir: resolve(root, ".local"),
  apiPort,
  log,
  search: true,
  ...(portalDirectory ? { portalDirectory } : {}),
  // Which model each agent runs on (README, "Model providers"); absent → the offline drafts.
  ...(process.env.AGENT_MODELS ? { agentModels: process.env.AGENT_MODELS } : {}),
});
const demo = await seedDemo(cloud, resolve(root, ".local", "demo-credentials.json"));
// `/api/health/ready` does not probe search (docs/architecture.md, "Readiness"): the node's own health
// is printed here, and the cloud's log says so if the node stops later.
const search = cloud.urls.search
  ? `${cloud.urls.search}   cluster ${await searchHealth(cloud.urls.search)}   (SEARCH_ENDPOINT of the functions bound to search)`
  : "not started: the functions bound to search fail";

const lines = [
  "",
  "Leadmetrics local cloud is up.",
  "",
  portalDirectory
    ? `  Portal           ${cloud.urls.api}/   (open it in a browser: the front door, as CloudFront)`
    : "  Portal           not served: web/vite.config.ts is missing",
  `  API              ${cloud.urls.api}/api/health/live   (the front door, as CloudFront)`,
  `  API origin       ${cloud.urls.origin}   (the HTTP API itself: refuses what skips the front door)`,
  `  DynamoDB         ${cloud.urls.dynamodb}   table ${cloud.locator.tableName}`,
  `  SQS              ${cloud.urls.sqs}`,
  `  EventBridge      ${cloud.urls.eventbridge}   bus ${cloud.locator.eventBusName}`,
  `  Secrets Manager  ${cloud.urls.secretsManager}`,
  `  CloudWatch       ${cloud.urls.cloudwatch}   (GetMetricData: the SQS queues' oldest-message age)`,
  `  OpenSearch       ${search}`,
  ...(cloud.declaration.realtime && cloud.urls.websocket
    ? [
        `  WebSocket        ${cloud.urls.api.replace(/^http/, "ws")}${cloud.declaration.realtime.path}?ticket=…   (the front door, as CloudFront)`,
        `  WebSocket API    ${cloud.urls.websocket}   management (@connections) ${cloud.locator.realtimeEndpoint}`,
      ]
    : []),
  "",
  `Demo accounts (local only; kept in .local/demo-credentials.json) — tenant "${demo.tenant.name}" (${demo.tenant.id}):`,
  "",
  `  tenant admin     ${demo.admin.email}   ${demo.admin.password}`,
  `  reviewer         ${demo.reviewer.email}   ${demo.reviewer.password}   (assigned to the demo tenant)`,
  `  super-admin      ${demo.superAdmin.email}   ${demo.superAdmin.password}`,
  "",
  `  curl -s -X POST ${cloud.urls.api}/api/auth/v1/login -H 'content-type: application/json' \\`,
  `    -d '{"email":"${demo.admin.email}","password":"${demo.admin.password}"}'`,
  "",
  "To reach it with the AWS SDK or CLI from another shell:",
  "",
  ...Object.entries(cloud.env).map(([name, value]) => `  export ${name}=${value}`),
  "",
  "Ctrl-C stops it.",
  "",
];
console.log(lines.join("\n"));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log("info", `${signal}: stopping the local cloud`);
  try {
    await cloud.stop();
    process.exit(0);
  } catch (error) {
    log("error", "the local cloud did not stop cleanly", error);
    process.exit(1);
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    shutdown(signal).catch((error: unknown) => log("error", "shutdown failed", error));
  });
}
