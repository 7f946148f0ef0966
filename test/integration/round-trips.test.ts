/**
 * The round-trip budget: one typical request per declared route on one local cloud (the measurement
 * `npm run bench:round-trips` records, `scripts/bench/round-trips/`), compared with the record in
 * `docs/round-trips.json`. A route that makes more DynamoDB round trips than recorded, answers
 * another status, or has no record fails, naming the route and the command that records it again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureRoundTrips, type RouteRoundTrips } from "#scripts/bench/round-trips/measure";
import {
  overBudget,
  RECORD_COMMAND,
  type RoundTripRecord,
  readReasons,
  readRecord,
} from "#scripts/bench/round-trips/report";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { platform } from "#shared/contracts/platform";
import { listRoutes } from "#shared/platform/declaration/validate";

const ROUTES = listRoutes(platform).map((r) => r.key);
const COUNTED = ["reads", "writes", "transactions", "queryPages", "authorizerReads"] as const;

let cloud: LocalCloud | undefined;
let measured: Record<string, RouteRoundTrips> = {};
let recorded: RoundTripRecord = {};

beforeAll(async () => {
  recorded = await readRecord();
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
  measured = await measureRoundTrips(cloud);
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
});

describe.each(ROUTES)("%s", (key) => {
  it("makes no more DynamoDB round trips than recorded, with the recorded answer", () => {
    const record = recorded[key];
    if (!record) throw new Error(`${key} has no recorded round trips: run \`${RECORD_COMMAND}\``);
    const trips = measured[key];
    if (!trips) throw new Error(`${key} was not measured`);
    const over = COUNTED.filter((count) => trips[count] > record[count]);
    expect(
      over.map((count) => `${count} ${trips[count]} > recorded ${record[count]}`),
      `${key} went over its recorded round trips; reduce them, or re-record with \`${RECORD_COMMAND}\``,
    ).toEqual([]);
    expect(trips.status, `${key} answered otherwise than recorded (\`${RECORD_COMMAND}\`)`).toBe(
      record.status,
    );
  });
});

describe("the record", () => {
  it("holds exactly the declared routes", () => {
    expect(Object.keys(recorded).sort()).toEqual([...ROUTES].sort());
  });

  it("states a reason for every route over 3 reads or 1 transaction", async () => {
    const reasons = await readReasons();
    const unexplained = Object.entries(recorded)
      .filter(([key, trips]) => overBudget(trips) && !reasons[key])
      .map(([key]) => key);
    expect(unexplained).toEqual([]);
  });

  it("charges an uncached decision one round trip of the authorizer on every guarded route", () => {
    const guarded = listRoutes(platform).filter((r) => !r.public);
    expect(guarded.map((r) => [r.key, measured[r.key]?.authorizerReads])).toEqual(
      guarded.map((r) => [r.key, 1]),
    );
  });
});
