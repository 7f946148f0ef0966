/**
 * `npm run bench:round-trips`: counts every route's DynamoDB round trips for one typical request on
 * a local cloud of its own (`round-trips/measure.ts`) and writes `docs/round-trips.json` and the
 * table `docs/round-trips.md` (with the reasons of `docs/round-trips.reasons.json`). Exits non-zero
 * when a route over the budget has no reason recorded.
 */
import { startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { measureRoundTrips } from "./round-trips/measure.ts";
import { overBudget, readReasons, TABLE_FILE, writeReport } from "./round-trips/report.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
try {
  const record = await measureRoundTrips(cloud, (key, t) =>
    console.log(
      `${key}: ${t.status} reads ${t.reads} writes ${t.writes} transactions ${t.transactions} authorizer ${t.authorizerReads}`,
    ),
  );
  await writeReport(record);
  const reasons = await readReasons();
  const unexplained = Object.entries(record).filter(([key, t]) => overBudget(t) && !reasons[key]);
  for (const [key] of unexplained) console.error(`over the budget with no reason recorded: ${key}`);
  console.log(`wrote ${TABLE_FILE.pathname}`);
  if (unexplained.length > 0) process.exitCode = 1;
} finally {
  await cloud.stop();
}
