import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { ManagedPolicy, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  Architecture,
  type FunctionOptions,
  LoggingFormat,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { environmentFor } from "#shared/platform/declaration/environment";
import { runtimeEnvironment, secretsCacheTtlSeconds } from "#shared/platform/declaration/functions";
import type { FunctionBindings, FunctionDeclaration } from "#shared/platform/declaration/types";
import { grantBindings } from "./binding-grants.ts";
import { nodejsBundlingOptions } from "./bundling.ts";
import { locatorFor, networkOf, type PlatformResources, searchOf } from "./platform-resources.ts";

/** The repository root: declared entries are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The runtime every function runs on; bundles target the same Node version (see `bundling.ts`). */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

/** The Parameters and Secrets Lambda Extension's version every function that reads a secret runs. */
export const SECRETS_EXTENSION_VERSION = ParamsAndSecretsVersions.V1_0_103;
/** Its port; the secret reader (`shared/adapters/secret-store.ts`) defaults to the same. */
const SECRETS_EXTENSION_PORT = 2773;

/**
 * The Parameters and Secrets Lambda Extension for a function bound to a secret, which it reads through
 * (`extensionSecretReader`) instead of holding a Secrets Manager client; `undefined` for any other.
 * The extension calls Secrets Manager with the function's role, so the bindings' `GetSecretValue`
 * grants stay what they are. Its cache TTL is the declaration's (`secretsCacheTtlSeconds`).
 */
export function secretsExtensionFor(
  declaration: FunctionDeclaration,
): ParamsAndSecretsLayerVersion | undefined {
  if ((declaration.bindings?.secrets?.length ?? 0) === 0) return undefined;
  const ttlSeconds = secretsCacheTtlSeconds(declaration);
  return ParamsAndSecretsLayerVersion.fromVersion(SECRETS_EXTENSION_VERSION, {
    httpPort: SECRETS_EXTENSION_PORT,
    cacheEnabled: ttlSeconds > 0,
    secretsManagerTtl: Duration.seconds(ttlSeconds),
    // Its failures reach the function as the status it answers; WARN keeps the extension's own log quiet.
    logLevel: ParamsAndSecretsLogLevel.WARN,
  });
}

/**
 * Where a function runs: outside any VPC, unless it is bound to search, whose domain is reachable only
 * inside the platform's VPC. Then it sits in the private subnets (it leaves through NAT for SQS,
 * EventBridge, Secrets Manager and the model providers) in the search clients' security group, and
 * its role gets the network-interface rights Lambda needs to attach it
 * (`AWSLambdaVPCAccessExecutionRole`). Every other function keeps the cold start and the NAT-free
 * path of a function outside a VPC.
 */
export function vpcPlacementFor(
  declaration: FunctionDeclaration,
  resources: PlatformResources,
): Pick<FunctionOptions, "vpc" | "vpcSubnets" | "securityGroups"> | undefined {
  if (!declaration.bindings?.search) return undefined;
  const network = networkOf(resources);
  return {
    vpc: network.vpc,
    vpcSubnets: { subnetType: network.workloadSubnets },
    securityGroups: [searchOf(resources).clientSecurityGroup],
  };
}

/** The declaration's defaults (`types.ts`): applied here so every function states them explicitly. */
const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_MEMORY_MB = 512;

/** How a function is invoked decides what "a failed invocation" means for it. */
export type Invocation =
  /** API Gateway waits for the answer: the caller sees the failure, there is nothing to dead-letter. */
  | { kind: "sync" }
  /**
   * SQS event-source mappings poll queues for it: a message it fails returns to its queue and, after
   * the queue's `maxReceiveCount`, moves to the queue's DLQ. The queue dead-letters, not Lambda.
   */
  | { kind: "queue" }
  /** EventBridge or Scheduler hands the event over: failures after the retries go to `onFailure`. */
  | {
      kind: "async";
      onFailure: IQueue;
      /** @default 2 */
      retryAttempts?: number;
      /** @default Duration.hours(6) */
      maxEventAge?: Duration;
    };

export interface PlatformFunctionProps {
  /** Entry, timeout, memory and bindings, as declared. */
  readonly declaration: FunctionDeclaration;
  /** Physical function name; its log group is `/aws/lambda/<functionName>`. */
  readonly functionName: string;
  /** `POWERTOOLS_SERVICE_NAME`: the domain, rule or schedule the function serves. */
  readonly serviceName: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`. */
  readonly metricsNamespace: string;
  /** What the bindings are resolved against. */
  readonly resources: PlatformResources;
  /** How long the function's log group keeps events. */
  readonly logRetention: RetentionDays;
  /** @default "INFO" */
  readonly logLevel?: string;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default { kind: "sync" } */
  readonly invocation?: Invocation;
}

/**
 * Every Lambda of the platform: the one place that holds the function defaults — Node.js 22 on
 * arm64, ESM bundle built as `bundling.ts` says, source maps, active tracing, JSON logs into an
 * explicit log group with retention, timeout and memory stated explicitly from the declaration,
 * a role of its own with nothing but what the bindings grant, and the secrets extension when the
 * bindings name a secret.
 */
export class PlatformFunction extends NodejsFunction {
  private readonly resources: PlatformResources;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs ${props.functionName}; holds only what its declared bindings grant.`,
    });
    logGroup.grantWrite(role);
    const placement = vpcPlacementFor(props.declaration, props.resources);
    if (placement) {
      role.addManagedPolicy(
        ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"),
      );
      Validations.of(role).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]",
        reason:
          "A function in a VPC needs to create, describe and delete its network interfaces, which support no resource-level permissions; AWS's managed policy for it holds exactly those.",
      });
    }
    super(scope, id, {
      entry: `${REPO_ROOT}${props.declaration.entry}`,
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      functionName: props.functionName,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(props.declaration.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      memorySize: props.declaration.memoryMb ?? DEFAULT_MEMORY_MB,
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      role,
      bundling: nodejsBundlingOptions(props.declaration.runtimeProvidedModules),
      paramsAndSecrets: secretsExtensionFor(props.declaration),
      ...placement,
      environment: runtimeEnvironment({
        app: props.metricsNamespace,
        service: props.serviceName,
        logLevel: props.logLevel ?? "INFO",
      }),
    });
    this.resources = props.resources;
    this.bind(props.declaration.bindings ?? {});
    this.configureInvocation(props.invocation ?? { kind: "sync" });

    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions.",
    });
    for (const id of ["AwsSolutions-L1", "Serverless-LambdaLatestVersion"]) {
      Validations.of(this).acknowledge({
        id,
        reason:
          "nodejs22.x is pinned on purpose: bundles target node22 and cold starts are benchmarked on it; moving to a newer runtime is a deliberate, measured change.",
      });
    }
  }

  /**
   * Grants what the bindings name (`grantBindings`) and sets the matching environment variables,
   * together, through `environmentFor` (the one place that names the variables).
   */
  bind(bindings: FunctionBindings): void {
    grantBindings(this, bindings, this.resources);
    for (const [name, value] of Object.entries(environmentFor(bindings, locatorFor(this.resources)))) {
      this.addEnvironment(name, value);
    }
  }

  private configureInvocation(invocation: Invocation): void {
    if (invocation.kind === "sync") {
      Validations.of(this).acknowledge({
        id: "Serverless-LambdaDLQ",
        reason:
          "Invoked synchronously by API Gateway: the caller gets the error; a DLQ applies only to asynchronous invocations.",
      });
      return;
    }
    if (invocation.kind === "queue") {
      Validations.of(this).acknowledge({
        id: "Serverless-LambdaDLQ",
        reason:
          "Invoked by SQS event-source mappings: a failed message goes back to its queue and, after maxReceiveCount, to that queue's DLQ (a DLQ's own consumer retries it until its retention ends, alarmed on every error); Lambda's DLQ applies only to asynchronous invocations.",
      });
      return;
    }
    this.configureAsyncInvoke({
      onFailure: new SqsDestination(invocation.onFailure),
      retryAttempts: invocation.retryAttempts ?? 2,
      maxEventAge: invocation.maxEventAge ?? Duration.hours(6),
    });
    Validations.of(this).acknowledge({
      id: "Serverless-LambdaDLQ",
      reason:
        "Asynchronous failures go to an on-failure destination (the events DLQ), which keeps the error too.",
    });
  }
}

/** The props every function of one stage shares; stacks compute them once. */
export type SharedFunctionProps = Pick<
  PlatformFunctionProps,
  "metricsNamespace" | "resources" | "logRetention" | "logLevel" | "logRemovalPolicy"
>;
