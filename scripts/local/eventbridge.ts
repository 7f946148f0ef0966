import { randomUUID } from "node:crypto";
import type { AwsCallLog } from "./aws-calls.ts";
import { AwsServiceError, type RunningServer, startAwsJsonServer } from "./aws-json-server.ts";
import { eventBridgeAuthorizations } from "./iam-authorizations.ts";
import type { Log } from "./log.ts";

/** An event as EventBridge delivers it to a rule target (the envelope around `detail`). */
export interface BusEvent {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** An accepted event and the bus it was put on. */
export interface RecordedEvent {
  eventBusName: string;
  event: BusEvent;
}

/** Receives every accepted event; rule routing (pattern matching, targets) plugs in here. */
export type EventListener = (recorded: RecordedEvent) => void;

/** Largest PutEvents entry, as AWS counts it (256 KB). */
const MAX_ENTRY_BYTES = 256 * 1024;

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/**
 * EventBridge `PutEvents` and `DescribeEventBus` (JSON 1.1). Entries are validated one by one as AWS
 * does: a bad entry fails alone (`FailedEntryCount`, `ErrorCode`), a bad request (no entries, more than
 * ten) fails whole with `ValidationException`. Accepted events are kept in order and passed to listeners.
 */
export class LocalEventBridge {
  readonly events: RecordedEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private server: RunningServer | undefined;

  constructor(
    private readonly options: {
      region: string;
      account: string;
      busNames: readonly string[];
      log: Log;
      /** Where each request's IAM authorizations are recorded under its caller. */
      calls?: AwsCallLog;
    },
  ) {}

  /** Calls `listener` for every event accepted from now on; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.options.region}:${this.options.account}:event-bus/${name}`;
  }

  async start(port: number): Promise<RunningServer> {
    this.server = await startAwsJsonServer({
      name: "eventbridge",
      targetPrefix: "AWSEvents",
      jsonVersion: "1.1",
      port,
      log: this.options.log,
      ...(this.options.calls && {
        record: {
          calls: this.options.calls,
          authorize: (operation, input) => eventBridgeAuthorizations(operation, input, this.options),
        },
      }),
      operations: {
        PutEvents: (input) => this.putEvents(input),
        DescribeEventBus: (input) => {
          const name = this.resolveBus(typeof input.Name === "string" ? input.Name : "default");
          if (name === undefined) {
            throw new AwsServiceError(
              "ResourceNotFoundException",
              `Event bus ${String(input.Name)} does not exist.`,
            );
          }
          return { Name: name, Arn: this.busArn(name) };
        },
      },
    });
    return this.server;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /** Every bus has a name and an ARN; `default` always exists, as in every AWS account. */
  private resolveBus(nameOrArn: string): string | undefined {
    const name = nameOrArn.startsWith("arn:") ? nameOrArn.slice(nameOrArn.lastIndexOf("/") + 1) : nameOrArn;
    const known = name === "default" || this.options.busNames.includes(name);
    if (!known) return undefined;
    if (nameOrArn.startsWith("arn:") && nameOrArn !== this.busArn(name)) return undefined;
    return name;
  }

  private putEvents(input: Record<string, unknown>) {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new AwsServiceError(
        "ValidationException",
        "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
      );
    }
    if (entries.length > 10) {
      throw new AwsServiceError(
        "ValidationException",
        "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
      );
    }
    const results: EntryResult[] = entries.map((entry: unknown) => this.putEntry(entry));
    return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
  }

  private putEntry(entry: unknown): EntryResult {
    if (typeof entry !== "object" || entry === null) {
      return { ErrorCode: "InvalidArgument", ErrorMessage: "Entry is not valid." };
    }
    const e = entry as Record<string, unknown>;
    for (const member of ["Source", "DetailType", "Detail"] as const) {
      if (typeof e[member] !== "string" || e[member] === "") {
        return {
          ErrorCode: "InvalidArgument",
          ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
        };
      }
    }
    const source = e.Source as string;
    const detailType = e.DetailType as string;
    const detailText = e.Detail as string;
    let detail: unknown;
    try {
      detail = JSON.parse(detailText);
    } catch (error) {
      this.options.log("debug", "eventbridge: malformed Detail", error);
      return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
    }
    if (typeof detail !== "object" || detail === null || Array.isArray(detail)) {
      return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
    }
    const busName = typeof e.EventBusName === "string" && e.EventBusName !== "" ? e.EventBusName : "default";
    const bus = this.resolveBus(busName);
    if (bus === undefined) {
      return { ErrorCode: "InvalidArgument", ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    if (Buffer.byteLength(JSON.stringify(e)) > MAX_ENTRY_BYTES) {
      return {
        ErrorCode: "InvalidArgument",
        ErrorMessage: "Total size of the entries in the request is over the limit.",
      };
    }
    const resources = Array.isArray(e.Resources)
      ? e.Resources.filter((r): r is string => typeof r === "string")
      : [];
    const time = typeof e.Time === "number" ? new Date(e.Time * 1000) : new Date();
    const event: BusEvent = {
      version: "0",
      id: randomUUID(),
      "detail-type": detailType,
      source,
      account: this.options.account,
      time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: this.options.region,
      resources,
      detail,
    };
    const recorded = { eventBusName: bus, event };
    this.events.push(recorded);
    for (const listener of this.listeners) {
      try {
        listener(recorded);
      } catch (error) {
        this.options.log("error", `eventbridge: a listener failed on event ${event.id}`, error);
      }
    }
    return { EventId: event.id };
  }
}
