import type { adminRoutes } from "#shared/contracts/admin.routes";
import {
  agentQueueStatuses,
  peekAgentDeadLetters,
  redriveAgentDeadLetters,
} from "#shared/domain/ops/agent-queues";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { accepted, ok } from "#shared/platform/http/reply";
import { type AdminDeps, recordAudit } from "./deps.ts";

/** A peek reads this many jobs unless `limit` says otherwise. */
const DEFAULT_PEEK = 10;

/** Every agent's queue and DLQ depths and oldest messages' ages, in catalog order. */
export function listQueuesRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.listQueues> {
  return async () => ok(await agentQueueStatuses(deps.agentQueues));
}

/** Some jobs of an agent's DLQ, left where they are. */
export function peekDeadLettersRoute(deps: AdminDeps): RouteHandler<typeof adminRoutes.peekDeadLetters> {
  return async ({ params, query }) => {
    const peek = await peekAgentDeadLetters(deps.agentQueues, params.role, query.limit ?? DEFAULT_PEEK);
    // The role as the path named it: one of the catalog's, as the answer's type promises.
    return ok({ ...peek, role: params.role });
  };
}

/** Starts moving an agent's dead letters back to its queue, and audits who did it. */
export function redriveDeadLettersRoute(
  deps: AdminDeps,
): RouteHandler<typeof adminRoutes.redriveDeadLetters> {
  return async (request) => {
    const redrive = await redriveAgentDeadLetters(deps.agentQueues, request.params.role);
    await recordAudit(deps, request, {
      type: "queue.redriven",
      details: {
        role: redrive.role,
        deadLetterQueue: redrive.deadLetterQueue,
        queue: redrive.queue,
        messagesToMove: redrive.messagesToMove,
        taskHandle: redrive.taskHandle,
      },
    });
    return accepted({ ...redrive, role: request.params.role });
  };
}
