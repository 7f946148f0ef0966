import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { AwsCallLog } from "./aws-calls.ts";

/** The ECS agent's cap on one protection request, and what it grants when none is asked. */
const MAX_MINUTES = 2880;
const DEFAULT_MINUTES = 120;

const protectionRequest = z.object({
  ProtectionEnabled: z.boolean(),
  ExpiresInMinutes: z.number().int().min(1).max(MAX_MINUTES).optional(),
});

/** A task's protection as the agent reports it. */
export interface LocalProtection {
  enabled: boolean;
  /** When it lapses (ms since the epoch); `undefined` when off. */
  expiresAt: number | undefined;
}

/** An answer the agent gives instead of the real one, for a test of how a task copes with failure. */
export interface AgentFault {
  status: number;
  body: unknown;
}

export interface LocalEcsAgentOptions {
  /** ARN parts of the tasks' ARNs (`arn:aws:ecs:<region>:<account>:task/<cluster>/<id>`). */
  region: string;
  account: string;
  cluster: string;
  /**
   * How long one of `ExpiresInMinutes`' minutes lasts here; tests shorten it to see an expiry.
   * @default 60000
   */
  minuteMs?: number;
  /**
   * Where the calls the agent makes for a task (`ecs:UpdateTaskProtection`, `ecs:GetTaskProtection`
   * on the task's ARN, signed with the task role) are recorded, so the permission parity check sees
   * them as it sees the task's own calls.
   */
  calls?: AwsCallLog;
}

interface AgentTask {
  arn: string;
  /** The task role's principal id, whose calls the agent makes. */
  principal: string | undefined;
  protection: LocalProtection;
  faults: AgentFault[];
}

/**
 * The local stand-in for the ECS container agent's task scale-in protection endpoint: each task gets
 * its own `ECS_AGENT_URI` (`<origin>/api/<task id>`), and `PUT`/`GET …/task-protection/v1/state` answer
 * as the agent does: `{"protection": {"ExpirationDate", "ProtectionEnabled", "TaskArn"}}`, `ExpiresInMinutes`
 * from 1 to 2880 (120 when absent), protection lapsing at its expiry, a malformed request a 400 with
 * `{"error": {"Arn", "Code", "Message"}}`. The local container service asks it which tasks it may stop.
 */
export class LocalEcsAgent {
  private readonly tasks = new Map<string, AgentTask>();
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    private readonly origin: string,
    private readonly options: LocalEcsAgentOptions,
  ) {}

  /** Starts the endpoint on a free local port. */
  static async start(options: LocalEcsAgentOptions): Promise<LocalEcsAgent> {
    let agent: LocalEcsAgent | undefined;
    const server = createServer((request, response) => {
      agent?.answer(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(JSON.stringify({ error: { Code: "ServerException", Message: String(error) } }));
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    agent = new LocalEcsAgent(server, `http://127.0.0.1:${port}`, options);
    return agent;
  }

  /**
   * Makes the endpoint answer for a task (whose task role is `principal`) and returns the task's
   * `ECS_AGENT_URI`.
   */
  register(taskId: string, principal?: string): string {
    const { region, account, cluster } = this.options;
    this.tasks.set(taskId, {
      arn: `arn:aws:ecs:${region}:${account}:task/${cluster}/${taskId}`,
      principal,
      protection: { enabled: false, expiresAt: undefined },
      faults: [],
    });
    return `${this.origin}/api/${taskId}`;
  }

  /** Forgets a task that has stopped: its URI answers 404 from now on. */
  deregister(taskId: string): void {
    this.tasks.delete(taskId);
  }

  /** A task's protection now, lapsed when its expiry has passed. */
  protection(taskId: string): LocalProtection {
    const task = this.tasks.get(taskId);
    if (task === undefined) return { enabled: false, expiresAt: undefined };
    if (task.protection.enabled && (task.protection.expiresAt ?? 0) <= Date.now()) {
      task.protection = { enabled: false, expiresAt: undefined };
    }
    return { ...task.protection };
  }

  /** Calls `listener` whenever a task's protection is set; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Has the next requests of a task answered with `faults`, in order, instead of changing anything. */
  injectFaults(taskId: string, ...faults: AgentFault[]): void {
    this.tasks.get(taskId)?.faults.push(...faults);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const match = /^\/api\/([^/]+)\/task-protection\/v1\/state$/.exec(request.url ?? "");
    const task = match?.[1] === undefined ? undefined : this.tasks.get(match[1]);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (match === null || task === undefined) {
      send(404, { error: { Code: "NotFound", Message: `no task at ${request.url}` } });
      return;
    }
    const taskId = match[1] as string;
    const error = (status: number, code: string, message: string) =>
      send(status, { error: { Arn: task.arn, Code: code, Message: message } });
    // The agent calls ECS with the task role: IAM decides before anything else happens.
    const action = request.method === "GET" ? "ecs:GetTaskProtection" : "ecs:UpdateTaskProtection";
    this.options.calls?.recordAs(task.principal, [{ action, resource: task.arn }]);
    const fault = task.faults.shift();
    if (fault !== undefined) {
      send(fault.status, fault.body);
      return;
    }
    if (request.method === "GET") {
      send(200, this.rendered(taskId, task));
      return;
    }
    if (request.method !== "PUT") {
      error(405, "MethodNotAllowed", `${request.method} is not supported`);
      return;
    }
    let parsed: z.infer<typeof protectionRequest>;
    try {
      parsed = protectionRequest.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch (cause) {
      error(
        400,
        "InvalidParameterException",
        `the request is not a valid protection request: ${String(cause)}`,
      );
      return;
    }
    const minutes = parsed.ExpiresInMinutes ?? DEFAULT_MINUTES;
    task.protection = parsed.ProtectionEnabled
      ? { enabled: true, expiresAt: Date.now() + minutes * (this.options.minuteMs ?? 60_000) }
      : { enabled: false, expiresAt: undefined };
    send(200, this.rendered(taskId, task));
    for (const listener of this.listeners) listener();
  }

  private rendered(taskId: string, task: AgentTask) {
    const { enabled, expiresAt } = this.protection(taskId);
    return {
      protection: {
        ExpirationDate: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
        ProtectionEnabled: enabled,
        TaskArn: task.arn,
      },
    };
  }
}
