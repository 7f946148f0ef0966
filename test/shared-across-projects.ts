/**
 * One instance, per vitest process, of something several test projects' global setups start (the
 * DynamoDB Local pool, the OpenSearch node). Vitest loads a global setup file once per project, each in
 * its own module graph, so a module-level variable would start one per project: two JVMs where one
 * serves both. The instance lives on `globalThis` under `key`; the last project to tear down stops it.
 */

interface Shared<T> {
  value: Promise<T>;
  users: number;
}

/** Starts the value on the first project's setup; later projects' setups get the same one. */
export function acquireShared<T>(key: string, start: () => Promise<T>): Promise<T> {
  const slot = Symbol.for(`leadmetrics.test.${key}`);
  const store = globalThis as Record<symbol, Shared<T> | undefined>;
  const shared = store[slot] ?? { value: start(), users: 0 };
  shared.users += 1;
  store[slot] = shared;
  return shared.value;
}

/** Hands the value back; `stop` runs once the last project that acquired it has handed it back. */
export async function releaseShared<T>(key: string, stop: (value: T) => Promise<void>): Promise<void> {
  const slot = Symbol.for(`leadmetrics.test.${key}`);
  const store = globalThis as Record<symbol, Shared<T> | undefined>;
  const shared = store[slot];
  if (shared === undefined) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  store[slot] = undefined;
  await stop(await shared.value);
}
