import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ulid } from "ulid";
import * as z from "zod/mini";
import { assignmentLookup } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { createEventPublisher } from "#shared/adapters/events";
import { createJobQueue } from "#shared/adapters/jobs";
import { extensionSecretReader } from "#shared/adapters/secret-store";
import { readSecretBytes } from "#shared/adapters/secrets";
import { defineEvent } from "#shared/contracts/event-definition";
import { defineJob } from "#shared/contracts/job-definition";
import { NotFoundError } from "#shared/domain/errors";
import { loadConfig } from "#shared/platform/config";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { created, ok } from "#shared/platform/http/reply";
import { notesApi } from "./declaration.ts";

const config = loadConfig(
  z.object({
    STAGE: z.string(),
    TABLE_NAME: z.string(),
    EVENT_BUS_NAME: z.string(),
    QUEUE_URL_JOBS: z.string(),
    SECRET_ID_CURSOR_KEY: z.string(),
  }),
);

const table = new SingleTable({
  client: new DynamoDBClient({}),
  tableName: config.TABLE_NAME,
  // Read through the secrets extension on the first listing, as a function of the platform does.
  cursorKey: () => readSecretBytes(extensionSecretReader(), config.SECRET_ID_CURSOR_KEY),
});
const events = createEventPublisher({
  client: new EventBridgeClient({}),
  busName: config.EVENT_BUS_NAME,
  source: "kit.notes",
});
const jobs = createJobQueue({ client: new SQSClient({}), queueUrl: () => config.QUEUE_URL_JOBS });

const noteCreated = defineEvent("note.created", z.object({ noteId: z.string(), title: z.string() }));
const indexNote = defineJob("index-note", "jobs", z.object({ noteId: z.string() }));

interface Note {
  title: string;
  text?: string;
}

export const handler = createApiHandler(
  notesApi,
  {
    create: async ({ body, auth, requestId }) => {
      const noteId = ulid();
      const note = await table.forTenant(auth.tenantId).create<Note>("NOTE", noteId, body);
      await events.publish(
        noteCreated,
        { noteId, title: body.title },
        { correlationId: requestId, tenantId: auth.tenantId },
      );
      await jobs.enqueue(
        indexNote,
        { noteId },
        { tenantId: auth.tenantId, correlationId: requestId, deduplicationId: noteId },
      );
      return created(note);
    },
    list: async ({ query, auth }) => {
      const page = await table
        .forTenant(auth.tenantId)
        .list<Note>("NOTE", { limit: query.limit, cursor: query.cursor });
      return ok(page);
    },
    get: async ({ params, auth }) => {
      const note = await table.forTenant(auth.tenantId).get<Note>("NOTE", params.noteId);
      if (!note) throw new NotFoundError(`Note ${params.noteId} does not exist`);
      return ok(note);
    },
    rename: async ({ params, body, auth }) =>
      ok(
        await table
          .forTenant(auth.tenantId)
          .update<Note>(
            "NOTE",
            params.noteId,
            { title: body.title },
            { expectedVersion: body.expectedVersion },
          ),
      ),
    review: async ({ auth }) => ok(await table.forTenant(auth.tenantId).list<Note>("NOTE")),
  },
  { isAssigned: assignmentLookup(table) },
);
