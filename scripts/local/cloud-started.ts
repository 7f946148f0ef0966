import type { LocalCloud } from "./cloud.ts";

const startedListeners = new Set<(cloud: LocalCloud) => void>();

/**
 * Calls `listener` with every local cloud this process starts from now on; returns the unsubscribe
 * function. The integration tests check each one's recorded calls against the synthesized IAM.
 */
export function onLocalCloudStarted(listener: (cloud: LocalCloud) => void): () => void {
  startedListeners.add(listener);
  return () => startedListeners.delete(listener);
}

/** Tells the listeners that `cloud` is up (`startLocalCloud` calls it once every service started). */
export function announceCloudStarted(cloud: LocalCloud): void {
  for (const listener of startedListeners) listener(cloud);
}
