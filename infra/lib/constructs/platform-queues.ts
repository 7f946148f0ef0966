import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { Queue, QueueEncryption, type QueueProps } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import type { QueueDeclaration } from "#shared/platform/declaration/types";
import { visibilityTimeoutOf } from "#shared/platform/declaration/validate";
import { pascalCase } from "../naming.ts";

/** SQS keeps a message at most 14 days; dead letters keep theirs that long. */
const MAX_RETENTION = Duration.days(14);
/** The declaration's default retention of a job queue (`types.ts`): 4 days. */
const DEFAULT_RETENTION_SECONDS = 345_600;

export interface PlatformQueuesProps {
  readonly declarations: readonly QueueDeclaration[];
  /** Physical name of a queue from its declared (or derived DLQ) name. */
  readonly physicalName: (name: string) => string;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/** A dead-letter queue and why it exists: alarms and the ops DLQ commands go by this list. */
export interface DeadLetterQueue {
  readonly name: string;
  readonly queue: Queue;
}

/**
 * The declared queues. A job queue (one with `maxReceiveCount`) gets a DLQ of its own named
 * `<name>-dlq` with a redrive policy and the job queue's visibility timeout (so a consumer that fits
 * the job queue fits its DLQ: AWS refuses an event-source mapping whose function outlasts the
 * queue's visibility timeout); a declared queue without `maxReceiveCount` is itself a DLQ
 * (e.g. `events-dlq`, fed by EventBridge). All are SQS-encrypted and refuse non-TLS access.
 */
export class PlatformQueues extends Construct {
  /** Every queue by name: the declared ones and the DLQs made for job queues. */
  readonly byName = new Map<string, Queue>();
  readonly deadLetterQueues: DeadLetterQueue[] = [];

  constructor(scope: Construct, id: string, props: PlatformQueuesProps) {
    super(scope, id);
    const declared = new Set(props.declarations.map((q) => q.name));
    const make = (
      name: string,
      options: Pick<QueueProps, "retentionPeriod" | "visibilityTimeout" | "deadLetterQueue">,
    ) => {
      const queue = new Queue(this, pascalCase(name), {
        ...options,
        queueName: props.physicalName(name),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
      this.byName.set(name, queue);
      return queue;
    };

    const visibilityTimeoutOfQueue = (name: string) => {
      const seconds = visibilityTimeoutOf(props.declarations, name);
      if (seconds === undefined) throw new Error(`Queue "${name}" is not in the declaration.`);
      return Duration.seconds(seconds);
    };

    for (const declaration of props.declarations) {
      const visibilityTimeout = visibilityTimeoutOfQueue(declaration.name);
      if (declaration.maxReceiveCount === undefined) {
        const queue = make(declaration.name, {
          retentionPeriod: Duration.seconds(declaration.retentionSeconds ?? MAX_RETENTION.toSeconds()),
          visibilityTimeout,
        });
        this.deadLetterQueues.push({ name: declaration.name, queue });
        acknowledgeIsDeadLetterQueue(queue, `declared as a dead-letter queue: ${declaration.purpose}`);
        continue;
      }
      const dlqName = deadLetterQueueName(declaration.name);
      if (declared.has(dlqName)) {
        throw new Error(
          `Queue "${dlqName}" is declared, but it is the name of the DLQ made for "${declaration.name}".`,
        );
      }
      const dlq = make(dlqName, {
        retentionPeriod: MAX_RETENTION,
        visibilityTimeout: visibilityTimeoutOfQueue(dlqName),
      });
      this.deadLetterQueues.push({ name: dlqName, queue: dlq });
      acknowledgeIsDeadLetterQueue(dlq, `the dead-letter queue of "${declaration.name}"`);
      make(declaration.name, {
        retentionPeriod: Duration.seconds(declaration.retentionSeconds ?? DEFAULT_RETENTION_SECONDS),
        visibilityTimeout,
        deadLetterQueue: { queue: dlq, maxReceiveCount: declaration.maxReceiveCount },
      });
    }
  }
}

function acknowledgeIsDeadLetterQueue(queue: Queue, why: string): void {
  Validations.of(queue).acknowledge(
    { id: "AwsSolutions-SQS3", reason: `This queue is ${why}; a DLQ has no DLQ of its own.` },
    {
      id: "Serverless-SQSRedrivePolicy",
      reason: `This queue is ${why}; a DLQ has no redrive policy of its own.`,
    },
  );
}
