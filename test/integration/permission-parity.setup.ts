/**
 * Runs before every integration test file: each local cloud the file starts records what its
 * functions and tasks call, and once the file is done (its clouds stopped) every call of a principal
 * the platform deploys is checked against the IAM the synthesized templates grant it. A route, consumer
 * or event target that needs a permission its bindings do not grant fails the file that exercises it,
 * naming the function, the action and the resource; no test has to remember to ask.
 */
import { afterAll, inject } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { onLocalCloudStarted } from "#scripts/local/cloud-started";
import { platform } from "#shared/contracts/platform";
import { expectPermissionParity } from "./permission-parity.ts";

const clouds: LocalCloud[] = [];
const stopWatching = onLocalCloudStarted((cloud) => clouds.push(cloud));

afterAll(() => {
  stopWatching();
  for (const cloud of clouds) expectPermissionParity(cloud, inject("synthesizedPlatform"), platform);
});
