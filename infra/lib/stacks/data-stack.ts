import { RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { EventBus } from "aws-cdk-lib/aws-events";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { EVENTS_DLQ, resourceName, secretName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { PlatformNetwork } from "../constructs/platform-network.ts";
import type { DeadLetterQueue } from "../constructs/platform-queues.ts";
import { PlatformQueues } from "../constructs/platform-queues.ts";
import type { PlatformResources } from "../constructs/platform-resources.ts";
import { PlatformSecrets } from "../constructs/platform-secrets.ts";
import { PlatformTable } from "../constructs/platform-table.ts";
import { bindsSearch, SearchDomain } from "../constructs/search-domain.ts";
import { SecretTeardown } from "../constructs/secret-teardown.ts";
import type { StageSettings } from "../stage-settings.ts";

export interface DataStackProps extends StackProps {
  readonly declaration: PlatformDeclaration;
  readonly stage: string;
  readonly settings: StageSettings;
}

/**
 * The stateful half: the table, the event bus, the queues and the secrets, all from the
 * declaration, and, when something runs in one, the platform's VPC with, when a function binds
 * search, the search domain in it. Nothing here depends on a function, so functions can be
 * redeployed, replaced or torn down without touching data.
 */
export class DataStack extends Stack {
  readonly resources: PlatformResources;
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** Present when a function or container binds search. */
  readonly search: SearchDomain | undefined;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { declaration, stage, settings } = props;
    const name = (n: string) => resourceName(declaration.app, stage, n);
    const removalPolicy = settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const table = new PlatformTable(this, "Main", {
      declaration: declaration.table,
      tableName: name(declaration.table.name),
      protect: settings.deletionProtection,
    });
    const eventBus = new EventBus(this, "EventBus", { eventBusName: name(declaration.eventBus.name) });
    const queues = new PlatformQueues(this, "Queues", {
      declarations: declaration.queues,
      physicalName: name,
      removalPolicy,
    });
    const secrets = new PlatformSecrets(this, "Secrets", {
      declarations: declaration.secrets,
      physicalName: (n) => secretName(declaration.app, stage, n),
      removalPolicy,
    });
    // A stage without protection is torn down outright, so it can be recreated under the same names.
    if (!settings.deletionProtection && declaration.secrets.length > 0) {
      new SecretTeardown(this, "SecretTeardown", {
        secrets: [...secrets.byName].map(([declared, secret]) => ({
          secret,
          name: secretName(declaration.app, stage, declared),
        })),
      });
    }

    // EventBridge delivers dead letters through the queue's resource policy. It is written here, for
    // every rule on the platform bus, rather than by each rule's target, which would make this stack
    // depend on the stateless one that holds the rules.
    const eventsDlq = queues.byName.get(EVENTS_DLQ);
    if (eventsDlq) {
      eventsDlq.addToResourcePolicy(
        new PolicyStatement({
          sid: "EventBridgeRuleDeadLetters",
          principals: [new ServicePrincipal("events.amazonaws.com")],
          actions: ["sqs:SendMessage"],
          resources: [eventsDlq.queueArn],
          conditions: {
            ArnLike: {
              "aws:SourceArn": this.formatArn({
                service: "events",
                resource: "rule",
                resourceName: `${eventBus.eventBusName}/*`,
              }),
            },
            StringEquals: { "aws:SourceAccount": this.account },
          },
        }),
      );
    } else if (declaration.eventRules.length > 0 || declaration.schedules.length > 0) {
      throw new Error(
        `Event rules and schedules need the queue "${EVENTS_DLQ}" for their dead letters; declare it.`,
      );
    }

    const search = bindsSearch(declaration);
    if (search && settings.natGateways === 0) {
      throw new Error(
        `Stage "${stage}": a function binds search, so it runs in the VPC's private subnets, which need a NAT gateway to reach SQS, EventBridge and the model providers: set natGateways to 1 or 2.`,
      );
    }
    const network =
      search || declaration.containers.length > 0
        ? new PlatformNetwork(this, "Network", {
            vpcName: name("network"),
            natGateways: settings.natGateways,
            logRetention: settings.logRetentionDays,
            logRemovalPolicy: removalPolicy,
          })
        : undefined;
    this.search =
      search && network
        ? new SearchDomain(this, "Search", {
            domainName: name("search"),
            vpc: network.vpc,
            subnetType: network.workloadSubnets,
            size: settings.search,
            principalTags: { app: declaration.app, stage },
            logRetention: settings.logRetentionDays,
            removalPolicy,
          })
        : undefined;

    this.resources = {
      stage,
      table: table.table,
      tableIndexes: table.indexes,
      eventBus,
      queues: queues.byName,
      secrets: secrets.byName,
      models: settings.models,
      starterCredits: settings.starterCredits,
      accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
      ...(network ? { network: { vpc: network.vpc, workloadSubnets: network.workloadSubnets } } : {}),
      ...(this.search ? { search: this.search } : {}),
    };
    this.deadLetterQueues = queues.deadLetterQueues;
  }
}
