import { type DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { DependencyUnavailableError, WriteConflictError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { traceAwsClient } from "#shared/platform/tracing/aws-client-tracing";
import { onFirstUse } from "../lazy-client.ts";
import { batchGet, GetCoalescer, type ItemRef } from "./batch-get.ts";
import { CursorCodec } from "./cursor.ts";
import { type Stored, strip, type WriteOp, withCause } from "./item.ts";
import { Scope } from "./scope.ts";
import { retryConflicts } from "./write-retry.ts";

export interface SingleTableOptions {
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /**
   * Signs pagination cursors: the key, or how to load it on the first listing (held once loaded; a
   * failed load is tried again on the next listing). A table built without one cannot list.
   */
  cursorKey?: Uint8Array | (() => Promise<Uint8Array>);
  /** The clock of `createdAt`, `updatedAt` and counter windows. @default the system clock */
  now?: () => Date;
}

/**
 * The single DynamoDB table. Data is reached only through a scope: `forTenant(tenantId)` puts the
 * (validated) tenant into every key it builds, including index keys; `platform()` serves items that
 * belong to no tenant and can never address a tenant's partition. A function opens it with
 * `openTable` (`open-table.ts`).
 */
export class SingleTable {
  readonly #doc: DynamoDBDocumentClient;
  readonly #reads: GetCoalescer;
  readonly #cursors: (() => Promise<CursorCodec>) | undefined;
  readonly tableName: string;
  readonly now: () => Date;

  constructor(options: SingleTableOptions) {
    this.#doc =
      options.client instanceof DynamoDBDocumentClient
        ? options.client
        : DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    traceAwsClient(this.#doc);
    this.tableName = options.tableName;
    this.#reads = new GetCoalescer(this.#doc, this.tableName);
    this.#cursors = cursorsOf(options.cursorKey);
    this.now = options.now ?? (() => new Date());
  }

  forTenant(tenantId: TenantId): Scope {
    return new Scope(this, { doc: this.#doc, reads: this.#reads }, this.#cursors, {
      name: `tenant:${tenantId}`,
      pk: () => `TENANT#${tenantId}`,
      sk: (entity, id) => `${entity}#${id}`,
      indexPk: (partition) => `TENANT#${tenantId}#${partition}`,
      tenantId,
    });
  }

  platform(): Scope {
    return new Scope(this, { doc: this.#doc, reads: this.#reads }, this.#cursors, {
      name: "platform",
      pk: (entity, id) => {
        if (entity === "TENANT") throw new Error("Platform items cannot use the TENANT partition");
        return `${entity}#${id}`;
      },
      sk: (entity) => entity,
      indexPk: (partition) => `PLATFORM#${partition}`,
    });
  }

  /**
   * Several items, of any scopes, in one round trip (`BatchGetItem`; see `batch-get.ts` for its
   * retries): each as a scope's `get` would answer it, in the order of `refs`, `undefined` if missing.
   */
  async getMany(
    refs: readonly ItemRef[],
    options?: { consistent?: boolean },
  ): Promise<(Stored<object> | undefined)[]> {
    const items = await batchGet(this.#doc, this.tableName, refs, options);
    return items.map((item) => (item ? strip<object>(item) : undefined));
  }

  /**
   * Writes all operations or none. A failed condition throws the error its operation names; a
   * conflict with another transaction on the same items is retried under the write retry policy
   * (`write-retry.ts`; inside a caller's read-check-write loop, the loop retries), then → 409
   * `DATA.TRANSACTION_CONFLICT`; throttling → 503.
   */
  async transact(ops: readonly WriteOp[]): Promise<void> {
    if (ops.length === 0) return;
    // A conflict cancels the whole transaction, so running it again is safe.
    await retryConflicts(() => this.#transactOnce(ops));
  }

  async #transactOnce(ops: readonly WriteOp[]): Promise<void> {
    try {
      await this.#doc.send(
        new TransactWriteCommand({ TransactItems: ops.map((op) => returningOld(op.item)) }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      const op = ops[failed];
      if (op) throw withCause(op.onConditionFailed(reasons[failed]?.Item !== undefined), error);
      if (reasons.some((r) => r.Code === "TransactionConflict")) {
        throw new WriteConflictError("Another change to the same data was in progress; retry", {
          cause: error,
        });
      }
      if (reasons.some((r) => r.Code === "ThrottlingError" || r.Code === "ProvisionedThroughputExceeded")) {
        throw new DependencyUnavailableError("The database is busy; retry shortly", { cause: error });
      }
      throw error;
    }
  }
}

function cursorsOf(key: SingleTableOptions["cursorKey"]): (() => Promise<CursorCodec>) | undefined {
  if (key === undefined) return undefined;
  if (typeof key === "function") return onFirstUse(async () => new CursorCodec(await key()));
  const codec = new CursorCodec(key);
  return () => Promise.resolve(codec);
}

/** Asks DynamoDB to return the item when a condition fails, so the error can say stale or missing. */
function returningOld(item: WriteOp["item"]): WriteOp["item"] {
  const withOld = <T extends object | undefined>(part: T) =>
    part ? { ...part, ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : undefined;
  return {
    ...(item.Put ? { Put: withOld(item.Put) } : {}),
    ...(item.Update ? { Update: withOld(item.Update) } : {}),
    ...(item.Delete ? { Delete: withOld(item.Delete) } : {}),
    ...(item.ConditionCheck ? { ConditionCheck: withOld(item.ConditionCheck) } : {}),
  };
}
