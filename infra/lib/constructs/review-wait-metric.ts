import type { Duration } from "aws-cdk-lib";
import { Metric } from "aws-cdk-lib/aws-cloudwatch";

/**
 * Where the review service level is published (the schedule's Powertools metric: the app's
 * namespace, `service` = the schedule's name) and the wait past which ops are paged.
 */
export interface ReviewServiceLevelProps {
  readonly namespace: string;
  readonly service: string;
  /** Whole seconds the oldest item has waited for a reviewer; 0 when nothing waits. */
  readonly metricName: string;
  /** The stage's `alarms.reviewWaitMinutes`. */
  readonly thresholdMinutes: number;
}

/**
 * The highest oldest-item wait (seconds) in each period: one metric for the alarm and the dashboard,
 * so both always read the same namespace, name and dimension.
 */
export function reviewWaitSeconds(props: ReviewServiceLevelProps, period: Duration): Metric {
  return new Metric({
    namespace: props.namespace,
    metricName: props.metricName,
    dimensionsMap: { service: props.service },
    statistic: "Maximum",
    period,
  });
}
