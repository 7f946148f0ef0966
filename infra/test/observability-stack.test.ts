import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { REVIEW_SERVICE_LEVEL } from "#shared/contracts/review-service-level";
import { cdkJsonContext } from "../lib/synthesized-routes.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

let dev: SynthesizedApp;
let prod: SynthesizedApp;
let fixture: SynthesizedApp;
const observability = (app: SynthesizedApp): Template => app.template(app.stacks.observability);

beforeAll(() => {
  dev = synthPlatform({ declaration: platform, stage: "dev" });
  prod = synthPlatform({ declaration: platform, stage: "prod" });
  fixture = synthPlatform({ declaration: fixtureDeclaration });
});

/** The stage's review wait threshold as cdk.json sets it. */
function reviewWaitMinutes(stage: string): number {
  const stages = cdkJsonContext().stages as Record<string, { alarms: { reviewWaitMinutes: number } }>;
  const minutes = stages[stage]?.alarms.reviewWaitMinutes;
  if (minutes === undefined) throw new Error(`cdk.json sets no review wait for ${stage}`);
  return minutes;
}

function alarms(template: Template) {
  return resourcesOf(template, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
}

describe("the Observability stack", () => {
  it("has an SNS ops topic that refuses non-TLS publishing", () => {
    const template = observability(dev);
    template.hasResourceProperties("AWS::SNS::Topic", { TopicName: "leadmetrics-dev-ops" });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("encrypts the ops topic with a rotating KMS key that CloudWatch may use where the stage asks for it", () => {
    const template = observability(prod);
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: "cloudwatch.amazonaws.com" } }),
        ]),
      },
    });
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    observability(dev).resourceCountIs("AWS::KMS::Key", 0);
  });

  it("alarms on the API's 5xx rate and p99 latency with the stage's thresholds", () => {
    const all = alarms(observability(prod));
    const rate = all.find((a) => a.AlarmName === "leadmetrics-prod-api-5xx-rate");
    expect(rate).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanThreshold" });
    expect(JSON.stringify(rate?.Metrics)).toContain("5xx");
    const latency = all.find((a) => a.AlarmName === "leadmetrics-prod-api-p99-latency");
    expect(latency).toMatchObject({ Threshold: 2000, ExtendedStatistic: "p99", MetricName: "Latency" });
  });

  it("alarms on any error and any throttle of every function", () => {
    const names = alarms(observability(fixture)).map((a) => String(a.AlarmName));
    for (const fn of [
      "authorizer",
      "api-health",
      "api-content",
      "rule-notify-reviewers",
      "schedule-nightly-report",
      "consumer-blog-writer",
      "consumer-job-failures",
    ]) {
      expect(names).toContain(`leadmetrics-dev-${fn}-errors`);
      expect(names).toContain(`leadmetrics-dev-${fn}-throttles`);
    }
    for (const alarm of alarms(observability(fixture)).filter((a) =>
      /-(errors|throttles)$/.test(String(a.AlarmName)),
    )) {
      expect(alarm).toMatchObject({
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        Namespace: "AWS/Lambda",
      });
    }
  });

  it("alarms, per API domain behind the front door, on any request that arrived without the viewer's address", () => {
    const missing = alarms(observability(dev)).filter((a) =>
      String(a.AlarmName).endsWith("-viewer-address-missing"),
    );
    expect(missing.map((a) => a.AlarmName).sort()).toEqual(
      platform.api.map((d) => `leadmetrics-dev-api-${d.domain}-viewer-address-missing`).sort(),
    );
    for (const alarm of missing) {
      const domain = String(alarm.AlarmName).replace(/^leadmetrics-dev-api-|-viewer-address-missing$/g, "");
      expect(alarm.Dimensions).toEqual([{ Name: "service", Value: domain }]);
      expect(alarm).toMatchObject({
        Namespace: "leadmetrics",
        MetricName: "ViewerAddressMissing",
        Statistic: "Sum",
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      });
    }
    // A platform without a front door has no such alarm.
    expect(
      alarms(observability(fixture)).filter((a) => String(a.AlarmName).endsWith("-viewer-address-missing")),
    ).toEqual([]);
  });

  it("alarms when any dead-letter queue holds a message", () => {
    const dlqAlarms = alarms(observability(fixture)).filter(
      (a) => a.MetricName === "ApproximateNumberOfMessagesVisible",
    );
    expect(dlqAlarms.map((a) => a.AlarmName).sort()).toEqual([
      "leadmetrics-dev-blog-writer-dlq-not-empty",
      "leadmetrics-dev-events-dlq-not-empty",
      "leadmetrics-dev-site-auditor-dlq-not-empty",
    ]);
    for (const alarm of dlqAlarms) {
      expect(alarm).toMatchObject({
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        Statistic: "Maximum",
      });
    }
  });

  it("alarms when jobs wait in a job queue for 15 minutes and nothing receives one", () => {
    const template = observability(fixture);
    const stalled = alarms(template).filter((a) => String(a.AlarmName).endsWith("-not-consumed"));
    expect(stalled.map((a) => a.AlarmName).sort()).toEqual([
      "leadmetrics-dev-blog-writer-not-consumed",
      "leadmetrics-dev-site-auditor-not-consumed",
    ]);
    for (const alarm of stalled) {
      const name = String(alarm.AlarmName);
      expect(alarm, name).toMatchObject({
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
      });
      const metrics = alarm.Metrics as {
        Id: string;
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string }; Stat: string; Period: number };
      }[];
      expect(metrics.find((m) => m.Expression)?.Expression, name).toBe(
        "IF(waiting > 0 AND received == 0, 1, 0)",
      );
      const stat = (id: string) => metrics.find((m) => m.Id === id)?.MetricStat;
      expect(stat("waiting"), name).toMatchObject({
        Metric: { MetricName: "ApproximateNumberOfMessagesVisible" },
        Stat: "Minimum",
        Period: 300,
      });
      expect(stat("received"), name).toMatchObject({
        Metric: { MetricName: "NumberOfMessagesReceived" },
        Stat: "Sum",
        Period: 300,
      });
    }
  });

  it("alarms when an item has waited for a reviewer past the stage's threshold, on the schedule's metric", () => {
    // The stages differ, so the threshold cannot be a constant that happens to match.
    expect(reviewWaitMinutes("dev")).not.toBe(reviewWaitMinutes("prod"));
    for (const [stage, app] of [
      ["dev", dev],
      ["prod", prod],
    ] as const) {
      const template = observability(app);
      const alarm = alarms(template).find((a) => a.AlarmName === `leadmetrics-${stage}-review-wait`);
      expect(alarm, stage).toMatchObject({
        Namespace: "leadmetrics",
        MetricName: REVIEW_SERVICE_LEVEL.metricName,
        Dimensions: [{ Name: "service", Value: REVIEW_SERVICE_LEVEL.service }],
        Statistic: "Maximum",
        Period: 300,
        Threshold: reviewWaitMinutes(stage) * 60,
        ComparisonOperator: "GreaterThanThreshold",
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        // A schedule that stopped measuring is neither "nobody waits" nor "reviewers behind".
        TreatMissingData: "missing",
      });
      expect(String(alarm?.AlarmDescription)).toContain("GET /api/dm/v1/queue");
      const [[topicId] = []] = resourcesOf(template, "AWS::SNS::Topic");
      expect(alarm?.InsufficientDataActions, stage).toEqual([{ Ref: topicId }]);
    }
    // The metric the alarm reads is the one the schedule publishes: its name is the `service` dimension.
    expect(platform.schedules.map((s) => s.name)).toContain(REVIEW_SERVICE_LEVEL.service);
    // A platform that declares no such schedule has no such alarm.
    expect(alarms(observability(fixture)).map((a) => a.AlarmName)).not.toContain(
      "leadmetrics-dev-review-wait",
    );
  });

  it("sends every alarm, and its recovery, to the ops topic", () => {
    for (const app of [dev, prod, fixture]) {
      const template = observability(app);
      const [[topicId] = []] = resourcesOf(template, "AWS::SNS::Topic");
      const all = alarms(template);
      expect(all.length).toBeGreaterThan(0);
      for (const alarm of all) {
        expect(alarm.AlarmActions, String(alarm.AlarmName)).toEqual([{ Ref: topicId }]);
        expect(alarm.OKActions, String(alarm.AlarmName)).toEqual([{ Ref: topicId }]);
      }
    }
  });

  it("has a dashboard of API traffic, errors and latency percentiles and per-function errors, throttles and duration", () => {
    const [[, dashboard] = []] = resourcesOf(observability(fixture), "AWS::CloudWatch::Dashboard");
    expect(dashboard?.Properties.DashboardName).toBe("leadmetrics-dev-platform");
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const piece of ["Count", "4xx", "5xx", "p50", "p90", "p99", "Errors", "Throttles", "Duration"]) {
      expect(body).toContain(piece);
    }
    for (const fn of ["authorizer", "api-health", "api-content", "rule-notify-reviewers"])
      expect(body).toContain(fn);
  });

  it("graphs the oldest review wait in minutes against the stage's alarm threshold", () => {
    const widget = dashboardWidgets(observability(prod)).find(
      (w) => w.properties.title === "Review: oldest item waiting (minutes)",
    );
    expect(widget?.properties.metrics).toEqual([
      [{ expression: "seconds / 60", label: "oldest wait", period: 60 }],
      [
        "leadmetrics",
        REVIEW_SERVICE_LEVEL.metricName,
        "service",
        REVIEW_SERVICE_LEVEL.service,
        { stat: "Maximum", period: 60, visible: false, id: "seconds" },
      ],
    ]);
    expect(widget?.properties.annotations).toEqual({
      horizontal: [{ value: reviewWaitMinutes("prod"), label: "alarm threshold", yAxis: "left" }],
    });
    expect(dashboardWidgets(observability(fixture)).map((w) => w.properties.title)).not.toContain(
      "Review: oldest item waiting (minutes)",
    );
  });

  it("shows every job queue's backlog and oldest job, and every Fargate consumer's running tasks", () => {
    const widgets = dashboardWidgets(observability(fixture));
    const labels = (title: string) => {
      const widget = widgets.find((w) => w.properties.title === title);
      if (!widget) throw new Error(`no widget "${title}"`);
      return widget.properties.metrics.map((m) => ({
        metric: `${m[0]}/${m[1]}`,
        label: (m.at(-1) as { label?: string }).label,
      }));
    };
    const jobQueues = fixtureDeclaration.queues.filter((q) => "maxReceiveCount" in q).map((q) => q.name);
    expect(labels("Job queues: jobs waiting")).toEqual(
      jobQueues.map((label) => ({ metric: "AWS/SQS/ApproximateNumberOfMessagesVisible", label })),
    );
    expect(labels("Job queues: age of the oldest job (s)")).toEqual(
      jobQueues.map((label) => ({ metric: "AWS/SQS/ApproximateAgeOfOldestMessage", label })),
    );
    // The names the dashboard asks Container Insights about are the Workers stack's own.
    const workers = fixture.stacks.workers ? fixture.template(fixture.stacks.workers) : undefined;
    if (!workers) throw new Error("the fixture has no Workers stack");
    const [[, cluster] = []] = resourcesOf(workers, "AWS::ECS::Cluster");
    const tasks = widgets.find((w) => w.properties.title === "Fargate consumers: tasks running");
    expect(tasks?.properties.metrics.map((m) => ({ cluster: m[3], service: m[5] }))).toEqual(
      resourcesOf(workers, "AWS::ECS::Service").map(([, svc]) => ({
        cluster: cluster?.Properties.ClusterName,
        service: svc.Properties.ServiceName,
      })),
    );
    expect(labels("Fargate consumers: tasks running")).toEqual(
      fixtureDeclaration.containers.map((c) => ({
        metric: "ECS/ContainerInsights/RunningTaskCount",
        label: `consumer-${c.name}`,
      })),
    );
  });
});

/**
 * The dashboard's widgets: its body is a join of text and references (resource names from other
 * stacks); each reference, always inside a JSON string, reads as `REF`.
 */
function dashboardWidgets(template: Template): {
  properties: { title?: string; metrics: unknown[][]; annotations?: unknown };
}[] {
  const [[, dashboard] = []] = resourcesOf(template, "AWS::CloudWatch::Dashboard");
  const body = dashboard?.Properties.DashboardBody as { "Fn::Join"?: [string, unknown[]] } | string;
  const text =
    typeof body === "string"
      ? body
      : (body["Fn::Join"]?.[1] ?? []).map((part) => (typeof part === "string" ? part : "REF")).join("");
  return (
    JSON.parse(text) as { widgets: { properties: { title?: string; metrics?: unknown[][] } }[] }
  ).widgets.map((w) => ({ properties: { ...w.properties, metrics: w.properties.metrics ?? [] } }));
}
