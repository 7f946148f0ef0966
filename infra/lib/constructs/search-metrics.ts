import { Duration } from "aws-cdk-lib";
import { GraphWidget, type IMetric, Metric } from "aws-cdk-lib/aws-cloudwatch";

/**
 * The search domain as its CloudWatch metrics name it (namespace `AWS/ES`, dimensions `DomainName` and
 * `ClientId`, the account). Names, not references: Observability must not hold an export of Data.
 */
export interface SearchDomainMetricsProps {
  readonly domainName: string;
  /** The account the domain is in (`ClientId`). */
  readonly account: string;
  /** Each data node's volume, in GiB: the free-storage alarm fires below a quarter of it. */
  readonly volumeGb: number;
}

/** One of the domain's cluster metrics (`ClusterStatus.red`, `FreeStorageSpace`, `SearchLatency`, …). */
export function searchMetric(
  domain: SearchDomainMetricsProps,
  metricName: string,
  options: { statistic: string; period: Duration; label?: string },
): Metric {
  return new Metric({
    namespace: "AWS/ES",
    metricName,
    dimensionsMap: { DomainName: domain.domainName, ClientId: domain.account },
    ...options,
  });
}

const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** An alarm on the search domain, as `PlatformAlarms` makes every alarm (to the ops topic). */
export interface SearchAlarmDefinition {
  readonly name: string;
  readonly description: string;
  readonly metric: IMetric;
  readonly threshold: number;
  /** `below`: alarm under the threshold (free storage); otherwise above it. */
  readonly below?: boolean;
  readonly periods: number;
  readonly breaching: number;
}

/**
 * The domain's alarms, after AWS's recommended CloudWatch alarms for OpenSearch Service: cluster red
 * (a primary shard is unassigned: some documents cannot be read or written) and yellow (a replica is
 * unassigned: one more loss is data loss), free storage under a quarter of a node's volume (writes
 * are blocked near the floor), JVM memory pressure (the node is about to refuse requests or crash), a
 * failed automated snapshot, and the domain answering 5xx. Failed indexing reaches the events DLQ,
 * which has its alarm with every DLQ.
 */
export function searchAlarms(domain: SearchDomainMetricsProps): SearchAlarmDefinition[] {
  const metric = (name: string, statistic: string, period = MINUTE) =>
    searchMetric(domain, name, { statistic, period });
  return [
    {
      name: "search-cluster-red",
      description: `Search domain ${domain.domainName} is red: a primary shard is unassigned, so some documents can be neither searched nor indexed. See the search-domain runbook.`,
      metric: metric("ClusterStatus.red", "Maximum"),
      threshold: 0,
      periods: 1,
      breaching: 1,
    },
    {
      name: "search-cluster-yellow",
      description: `Search domain ${domain.domainName} has been yellow for five minutes: a replica is unassigned (a lost node, a full disk, or an index asking for more replicas than the nodes can hold).`,
      metric: metric("ClusterStatus.yellow", "Maximum"),
      threshold: 0,
      periods: 5,
      breaching: 5,
    },
    {
      name: "search-free-storage",
      description: `A node of search domain ${domain.domainName} has less than a quarter of its ${domain.volumeGb} GiB free: near the floor the domain blocks writes. Grow the volume (stage setting search.volumeGb).`,
      // Reported in MiB, the least free of any node.
      metric: metric("FreeStorageSpace", "Minimum"),
      threshold: domain.volumeGb * 1024 * 0.25,
      below: true,
      periods: 1,
      breaching: 1,
    },
    {
      name: "search-jvm-memory-pressure",
      description: `Search domain ${domain.domainName}'s JVM memory pressure has stayed above 95% for three minutes: its nodes will refuse requests or crash. Size up the instance type (stage setting search.instanceType).`,
      metric: metric("JVMMemoryPressure", "Maximum"),
      threshold: 95,
      periods: 3,
      breaching: 3,
    },
    {
      name: "search-snapshot-failed",
      description: `An automated snapshot of search domain ${domain.domainName} failed: the hourly backup AWS restores from is missing.`,
      metric: metric("AutomatedSnapshotFailure", "Maximum"),
      threshold: 0,
      periods: 1,
      breaching: 1,
    },
    {
      name: "search-5xx",
      description: `Search domain ${domain.domainName} answered 5xx over five minutes: searches or indexing failed on the domain's side.`,
      metric: metric("5xx", "Sum", FIVE_MINUTES),
      threshold: 0,
      periods: 1,
      breaching: 1,
    },
  ];
}

/** The dashboard's search row: latency, request and indexing rates, health. */
export function searchWidgets(domain: SearchDomainMetricsProps, period: Duration): GraphWidget[] {
  const metric = (name: string, statistic: string, label: string) =>
    searchMetric(domain, name, { statistic, period, label });
  return [
    new GraphWidget({
      title: "Search: latency (ms)",
      width: 8,
      left: [
        metric("SearchLatency", "p50", "search p50"),
        metric("SearchLatency", "p99", "search p99"),
        metric("IndexingLatency", "p99", "indexing p99"),
      ],
    }),
    new GraphWidget({
      title: "Search: searches and documents indexed (per minute)",
      width: 8,
      left: [metric("SearchRate", "Average", "searches"), metric("IndexingRate", "Average", "indexed")],
    }),
    new GraphWidget({
      title: "Search: cluster health",
      width: 8,
      left: [
        metric("ClusterStatus.red", "Maximum", "red"),
        metric("ClusterStatus.yellow", "Maximum", "yellow"),
        metric("5xx", "Sum", "5xx"),
      ],
      right: [metric("JVMMemoryPressure", "Maximum", "JVM memory pressure (%)")],
    }),
  ];
}
