import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import type { TableDeclaration } from "#shared/platform/declaration/types";

export interface PlatformTableProps {
  readonly declaration: TableDeclaration;
  readonly tableName: string;
  /** Deletion protection on, and the table survives its stack (RETAIN). */
  readonly protect: boolean;
}

/**
 * The single table: string keys `pk`/`sk`, generic GSIs `gsiN` keyed `gsiNpk`/`gsiNsk` projecting
 * everything, a TTL attribute, on-demand capacity and point-in-time recovery.
 */
export class PlatformTable extends Construct {
  readonly table: Table;
  readonly indexes: readonly string[];

  constructor(scope: Construct, id: string, props: PlatformTableProps) {
    super(scope, id);
    const { declaration } = props;
    this.table = new Table(this, "Table", {
      tableName: props.tableName,
      partitionKey: { name: declaration.partitionKey, type: AttributeType.STRING },
      sortKey: { name: declaration.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: declaration.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: props.protect,
      removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of declaration.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    this.indexes = [...declaration.globalIndexes];
  }
}
