import { CfnOutput, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { type IVpc, Port, SecurityGroup, type SubnetType } from "aws-cdk-lib/aws-ec2";
import { AccountRootPrincipal, Role } from "aws-cdk-lib/aws-iam";
import { CfnResourcePolicy, LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { CfnDomain, EngineVersion } from "aws-cdk-lib/aws-opensearchservice";
import { Construct } from "constructs";
import { declaredFunctions } from "#shared/platform/declaration/functions";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { pascalCase } from "../naming.ts";
import type { StageSettings } from "../stage-settings.ts";
import type { SearchDomainRef } from "./platform-resources.ts";

/** The engine the domain runs; the local node runs the same minor version. */
export const SEARCH_ENGINE = EngineVersion.OPENSEARCH_2_19;

/** TLS 1.2 or later, forward secrecy only, on the domain's HTTPS endpoint. */
export const SEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** Everything a caller may do on the domain's paths; the bindings grant a subset of it per role. */
export const SEARCH_HTTP_ACTIONS = [
  "es:ESHttpGet",
  "es:ESHttpHead",
  "es:ESHttpPost",
  "es:ESHttpPut",
  "es:ESHttpDelete",
  "es:ESHttpPatch",
];

/** The logs the domain publishes to CloudWatch Logs, by the name the domain knows them by. */
const PUBLISHED_LOGS = {
  INDEX_SLOW_LOGS: "index-slow",
  SEARCH_SLOW_LOGS: "search-slow",
  ES_APPLICATION_LOGS: "application",
} as const;

/** Whether any function or container of the declaration binds search: then the platform has a domain. */
export function bindsSearch(declaration: PlatformDeclaration): boolean {
  return (
    declaredFunctions(declaration).some((fn) => fn.declaration.bindings?.search !== undefined) ||
    declaration.containers.some((container) => container.bindings?.search !== undefined)
  );
}

export interface SearchDomainProps {
  /** The domain's name: 3 to 28 characters, lower-case letters, digits and hyphens. */
  readonly domainName: string;
  readonly vpc: IVpc;
  /** The subnets the domain's network interfaces sit in (the private ones). */
  readonly subnetType: SubnetType;
  /** The stage's size of the domain. */
  readonly size: StageSettings["search"];
  /**
   * The tags every role of the platform's stage carries (`app`, `stage`): the access policy admits
   * only principals that carry them all.
   */
  readonly principalTags: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** RETAIN keeps the domain (and its logs) when the stack goes; DESTROY deletes them with it. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The search domain (Amazon OpenSearch Service): in the VPC's private subnets behind a security group
 * that admits HTTPS only from the search clients' group; encrypted at rest and between nodes; HTTPS
 * only, TLS 1.2 or later; fine-grained access control with IAM as the only identity (no internal user
 * database, no password: the master is the `<domain>-admin` role the account may assume); an access
 * policy that admits only the platform's roles of this stage; slow logs and error logs in CloudWatch
 * Logs. Zone awareness and dedicated masters follow the stage's size.
 */
export class SearchDomain extends Construct implements SearchDomainRef {
  readonly domain: CfnDomain;
  readonly domainName: string;
  readonly domainArn: string;
  readonly endpoint: string;
  readonly clientSecurityGroup: SecurityGroup;
  /** Maps the platform's roles to OpenSearch roles (`search migrate`); FGAC's master user. */
  readonly adminRole: Role;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{2,27}$/.test(props.domainName)) {
      throw new Error(
        `The search domain's name "${props.domainName}" must be 3 to 28 lower-case letters, digits or hyphens, starting with a letter: shorten the stage's name.`,
      );
    }
    const stack = Stack.of(this);
    const { size } = props;
    this.domainName = props.domainName;
    this.domainArn = stack.formatArn({ service: "es", resource: "domain", resourceName: props.domainName });

    this.clientSecurityGroup = new SecurityGroup(this, "ClientSecurityGroup", {
      vpc: props.vpc,
      description: `Functions and tasks bound to search: ${props.domainName} admits HTTPS from this group.`,
      allowAllOutbound: true,
    });
    const domainSecurityGroup = new SecurityGroup(this, "DomainSecurityGroup", {
      vpc: props.vpc,
      description: `${props.domainName}: HTTPS from the search clients group, nothing else.`,
      allowAllOutbound: false,
    });
    domainSecurityGroup.connections.allowFrom(
      this.clientSecurityGroup,
      Port.tcp(443),
      "HTTPS from functions and tasks bound to search",
    );

    this.adminRole = new Role(this, "AdminRole", {
      roleName: `${props.domainName}-admin`,
      assumedBy: new AccountRootPrincipal(),
      description: `Master user of ${props.domainName}'s fine-grained access control: applies templates and maps the platform's roles (search migrate).`,
    });

    const logGroups = Object.entries(PUBLISHED_LOGS).map(([kind, suffix]) => {
      const group = new LogGroup(this, `${pascalCase(suffix)}Logs`, {
        logGroupName: `/aws/opensearch/${props.domainName}/${suffix}`,
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      });
      return { kind, group };
    });
    // The domain writes its logs as the OpenSearch service: the log groups must say it may.
    const logsPolicy = new CfnResourcePolicy(this, "LogsPolicy", {
      policyName: `${props.domainName}-logs`,
      policyDocument: stack.toJsonString({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "es.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: logGroups.map(({ group }) => group.logGroupArn),
            Condition: {
              StringEquals: { "aws:SourceAccount": stack.account },
              ArnLike: { "aws:SourceArn": this.domainArn },
            },
          },
        ],
      }),
    });

    const subnets = props.vpc
      .selectSubnets({ subnetType: props.subnetType, onePerAz: true })
      .subnetIds.slice(0, size.zoneAwareness ? 2 : 1);
    this.domain = new CfnDomain(this, "Domain", {
      domainName: props.domainName,
      engineVersion: SEARCH_ENGINE.version,
      clusterConfig: {
        instanceType: size.instanceType,
        instanceCount: size.instanceCount,
        zoneAwarenessEnabled: size.zoneAwareness,
        ...(size.zoneAwareness ? { zoneAwarenessConfig: { availabilityZoneCount: 2 } } : {}),
        dedicatedMasterEnabled: size.dedicatedMasters !== undefined,
        ...(size.dedicatedMasters
          ? {
              dedicatedMasterType: size.dedicatedMasters.instanceType,
              dedicatedMasterCount: size.dedicatedMasters.count,
            }
          : {}),
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: size.volumeGb },
      vpcOptions: { subnetIds: subnets, securityGroupIds: [domainSecurityGroup.securityGroupId] },
      encryptionAtRestOptions: { enabled: true },
      nodeToNodeEncryptionOptions: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: this.adminRole.roleArn },
      },
      accessPolicies: {
        Version: "2012-10-17",
        Statement: [
          {
            // Same-account principals still need an identity policy (a binding's grant); the
            // condition keeps out every role that is not this stage's platform's.
            Effect: "Allow",
            Principal: { AWS: new AccountRootPrincipal().arn },
            Action: SEARCH_HTTP_ACTIONS,
            Resource: `${this.domainArn}/*`,
            Condition: {
              StringEquals: Object.fromEntries(
                Object.entries(props.principalTags).map(([key, value]) => [`aws:PrincipalTag/${key}`, value]),
              ),
            },
          },
        ],
      },
      logPublishingOptions: Object.fromEntries(
        logGroups.map(({ kind, group }) => [
          kind,
          { enabled: true, cloudWatchLogsLogGroupArn: group.logGroupArn },
        ]),
      ),
    });
    this.domain.node.addDependency(logsPolicy);
    this.domain.applyRemovalPolicy(props.removalPolicy);
    this.endpoint = `https://${this.domain.attrDomainEndpoint}`;
    // What `npm run ops -- search migrate` needs: where the domain is and the role that administers it.
    new CfnOutput(this, "Endpoint", {
      value: this.endpoint,
      description: "The search domain's HTTPS endpoint.",
    });
    new CfnOutput(this, "AdminRoleArn", {
      value: this.adminRole.roleArn,
      description: "Assume to apply index templates and map the platform's roles (search migrate).",
    });

    this.acknowledge(size);
  }

  private acknowledge(size: StageSettings["search"]): void {
    Validations.of(this.domain).acknowledge({
      id: "AwsSolutions-OS3",
      reason:
        "The domain is in a VPC, where IP allow-lists do not apply: it is reached only through its security group, and every request is signed (SigV4) and authorized by IAM and fine-grained access control.",
    });
    if (!size.dedicatedMasters) {
      Validations.of(this.domain).acknowledge({
        id: "AwsSolutions-OS4",
        reason:
          "A dev-sized domain (one node) runs without dedicated masters to keep its idle cost low; the prod stage's settings give it three.",
      });
    }
    if (!size.zoneAwareness) {
      Validations.of(this.domain).acknowledge({
        id: "AwsSolutions-OS7",
        reason:
          "A dev-sized domain (one node) has no second AZ to spread to; the prod stage's settings turn zone awareness on.",
      });
    }
  }
}
