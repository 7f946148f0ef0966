import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Counts occurrences by metric name, each emitted at once (its own EMF record) with one optional
 * dimension — so counters of different dimensions never mix in one record.
 */
export function counter(metrics: Metrics, dimension: string): (name: string, value?: string) => void {
  return (name, value) => {
    const metric = metrics.singleMetric();
    if (value) metric.addDimension(dimension, value);
    metric.addMetric(name, MetricUnit.Count, 1);
  };
}
