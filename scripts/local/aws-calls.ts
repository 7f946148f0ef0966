import { DynamoDbOperationLog } from "./dynamodb-operations.ts";
import { accessKeyIn, principalOfAccessKey } from "./principals.ts";

/** What IAM authorizes for (part of) a request: one action on one resource ARN. */
export interface Authorization {
  /** `service:Action`, e.g. `dynamodb:PutItem`. */
  action: string;
  /** The resource's ARN as AWS builds it, or `*` for an action without resource-level permissions. */
  resource: string;
}

/** An authorization a platform principal needed. */
export interface AwsCall extends Authorization {
  /** The function's or task's principal id (`api-health`, `consumer-agent-blog-writer`, …). */
  principal: string;
}

/**
 * Every AWS authorization the platform's principals needed from the local services, each distinct
 * (principal, action, resource) once, so a long `npm run dev` keeps a bounded list.
 * Requests signed by anyone but a principal (tests, ops commands, the cloud itself) are not kept.
 * The services record before they answer: IAM decides before the service does anything.
 */
export class AwsCallLog {
  private readonly byKey = new Map<string, AwsCall>();
  /** Every DynamoDB request of each principal, counted by operation (not only the first of each). */
  readonly dynamoDbOperations = new DynamoDbOperationLog();

  /** Records what a request signed with `authorization` (its SigV4 header) needed. */
  record(authorization: string | string[] | undefined, needed: readonly Authorization[]): void {
    this.recordAs(principalOfAccessKey(accessKeyIn(authorization)), needed);
  }

  /** Records what a principal needed; `undefined` (not a principal) records nothing. */
  recordAs(principal: string | undefined, needed: readonly Authorization[]): void {
    if (principal === undefined) return;
    for (const { action, resource } of needed) {
      const key = `${principal} ${action} ${resource}`;
      if (!this.byKey.has(key)) this.byKey.set(key, { principal, action, resource });
    }
  }

  /** The calls so far, in the order first seen. */
  calls(): AwsCall[] {
    return [...this.byKey.values()].map((call) => ({ ...call }));
  }
}
