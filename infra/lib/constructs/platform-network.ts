import { RemovalPolicy } from "aws-cdk-lib";
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  type IVpc,
  SubnetType,
  Vpc,
} from "aws-cdk-lib/aws-ec2";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface PlatformNetworkProps {
  /** The VPC's name. */
  readonly vpcName: string;
  /**
   * NAT gateways. `0` gives public subnets only: a task there gets a public IP (its security group
   * admits nothing inbound); more gives private subnets that leave through that many NAT gateways.
   */
  readonly natGateways: number;
  /** How long the flow logs are kept. */
  readonly logRetention: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The platform's VPC, in the Data stack because what lives in it outlasts any deployment of the
 * functions: two AZs, flow logs, free gateway endpoints for DynamoDB and S3, and private subnets
 * behind NAT (or, with no NAT gateway, public subnets only). The Fargate consumers, the search domain
 * and the functions bound to search all run in it.
 */
export class PlatformNetwork extends Construct {
  readonly vpc: Vpc;
  /** Where workloads sit: private subnets behind NAT, or the public ones when there is no NAT. */
  readonly workloadSubnets: SubnetType;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const flowLogs = new LogGroup(this, "FlowLogs", {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.workloadSubnets = props.natGateways > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PUBLIC;
    this.vpc = new Vpc(this, "Vpc", {
      vpcName: props.vpcName,
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration:
        props.natGateways > 0
          ? [
              // Only the NAT gateways live here; no task gets a public address.
              { name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 24 },
              { name: "private", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
            ]
          : // The tasks themselves: each leaves through the internet gateway with its own public IP.
            [{ name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 20 }],
      // Free gateway endpoints: table traffic and image layers (S3) skip the NAT gateways.
      gatewayEndpoints: {
        DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: GatewayVpcEndpointAwsService.S3 },
      },
      flowLogs: {
        All: {
          destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: FlowLogTrafficType.ALL,
        },
      },
    });
  }
}

/** What the stateless stacks are given of the network: the VPC and where their workloads sit. */
export interface PlatformNetworkRef {
  readonly vpc: IVpc;
  readonly workloadSubnets: SubnetType;
}
