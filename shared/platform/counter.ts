import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Counts occurrences by metric name, each emitted at once (its own EMF record) with one optional
 * dimension — so counters of different dimensions never mix in one record. For a request that counts
 * at most once or twice; a consumer working through many jobs sums them with `tally`.
 */
export function counter(metrics: Metrics, dimension: string): (name: string, value?: string) => void {
  return (name, value) => {
    const metric = metrics.singleMetric();
    if (value) metric.addDimension(dimension, value);
    metric.addMetric(name, MetricUnit.Count, 1);
  };
}

/** Counts summed in memory until `publish` prints them (see `tally`). */
export interface Tally {
  /** Counts one occurrence of `name`, under `value` of the tally's dimension when there is one. */
  count(name: string, value?: string): void;
  /** Prints what was counted since the last publish (nothing when nothing was) and starts from zero. */
  publish(): void;
}

/**
 * An EMF document holds at most 100 metrics (Powertools flushes at its 100th itself, dropping the
 * dimensions added for the rest): a tally starts a new document before that.
 */
const MAX_METRICS_PER_DOCUMENT = 100;

/**
 * Counts summed per metric name and dimension value, printed by `publish` as one EMF document per
 * dimension value: a Lambda invocation's batch, or a consumer's flush interval, is one line instead
 * of one line per job. (An EMF document gives each dimension one value and each metric name one
 * value, so occurrences under different values of the dimension cannot share a document.)
 *
 * `metrics` must hold no stored metrics of its own when `publish` runs; any it holds are printed
 * first, on their own, so they never take this tally's dimension.
 */
export function tally(metrics: Metrics, dimension: string): Tally {
  /** By dimension value (`""`: none), the count of each name. */
  let counts = new Map<string, Map<string, number>>();
  return {
    count(name, value = "") {
      let byName = counts.get(value);
      if (!byName) {
        byName = new Map();
        counts.set(value, byName);
      }
      byName.set(name, (byName.get(name) ?? 0) + 1);
    },
    publish() {
      if (counts.size === 0) return;
      const taken = counts;
      counts = new Map();
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      for (const [value, byName] of taken) {
        const entries = [...byName];
        for (let at = 0; at < entries.length; at += MAX_METRICS_PER_DOCUMENT) {
          if (value) metrics.addDimension(dimension, value);
          for (const [name, sum] of entries.slice(at, at + MAX_METRICS_PER_DOCUMENT)) {
            metrics.addMetric(name, MetricUnit.Count, sum);
          }
          metrics.publishStoredMetrics();
        }
      }
    },
  };
}

/**
 * Publishes `tally` every `intervalMs` and once more as the process exits (a Fargate consumer, which
 * has no invocation to end): a metric is at most one interval late, and none is lost on a stop. The
 * timer keeps no process alive.
 */
export function publishEvery(counts: Tally, intervalMs: number): void {
  setInterval(() => counts.publish(), intervalMs).unref();
  // Exit handlers run synchronously; stdout to a pipe or file is written synchronously on Linux.
  process.once("exit", () => counts.publish());
}
