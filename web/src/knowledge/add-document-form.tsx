/**
 * Adding a knowledge document: a title, a Markdown or plain-text body typed in or read from a local
 * `.md`/`.txt` file (read in the browser; nothing is uploaded but the text), an optional source URL.
 * The API's refusals show on their fields, as every form of the portal shows them.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { BodyOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, SelectField, TextArea, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { useToast } from "../ui/toasts.tsx";
import {
  bodyBytes,
  DOCUMENT_FILE_TYPES,
  type DocumentFormat,
  formatBytes,
  formatOfFile,
  MAX_DOCUMENT_BYTES,
  titleOfFile,
} from "./document-form.ts";

type NewDocument = BodyOf<"POST /api/tenant/v1/knowledge">;

const FORMAT_OPTIONS = [
  { value: "markdown", label: "Markdown" },
  { value: "text", label: "Plain text" },
];

export function AddDocumentForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [body, setBody] = useState("");
  const [title, setTitle] = useState("");
  const [format, setFormat] = useState<DocumentFormat>("markdown");
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const add = useMutation({
    mutationFn: (document: NewDocument) => api("POST /api/tenant/v1/knowledge", { body: document }),
    onSuccess: (added) => {
      toast(`“${added.title}” was added. Agents can use it in a moment, once it is indexed.`);
      setBody("");
      setTitle("");
      void queryClient.invalidateQueries({ queryKey: ["knowledge"] });
    },
  });
  const errors = fieldMessages(add.error);
  const size = bodyBytes(body);
  const tooLarge = size > MAX_DOCUMENT_BYTES;

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    setFileProblem(undefined);
    if (!file) return;
    const fileFormat = formatOfFile(file.name);
    if (!fileFormat) {
      setFileProblem("Choose a Markdown (.md) or plain text (.txt) file.");
      input.value = "";
      return;
    }
    try {
      setBody(await file.text());
      setFormat(fileFormat);
      if (!title.trim()) setTitle(titleOfFile(file.name));
    } catch (error) {
      // The file vanished or cannot be read: say so rather than leave the form as it was silently.
      setFileProblem(
        `The file could not be read (${error instanceof Error ? error.message : "unknown error"}).`,
      );
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { sourceUrl = "" } = formValues(event.currentTarget);
    const form = event.currentTarget;
    add.mutate(
      { title, body, format, ...(sourceUrl.trim() ? { sourceUrl: sourceUrl.trim() } : {}) },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Add a knowledge document" noValidate>
      {add.error && Object.keys(errors).length === 0 ? <Alert>{describeError(add.error)}</Alert> : null}
      <TextField
        label="Title"
        name="title"
        required
        maxLength={200}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={errors.title}
      />
      <TextField
        label="Read from a file (optional)"
        name="file"
        type="file"
        accept={DOCUMENT_FILE_TYPES}
        hint="A .md or .txt file: its text fills the body below, where you can still edit it."
        onChange={(event) => void readFile(event)}
        error={fileProblem}
      />
      <SelectField
        label="Format"
        name="format"
        options={FORMAT_OPTIONS}
        value={format}
        onChange={(event) => setFormat(event.target.value === "text" ? "text" : "markdown")}
        error={errors.format}
      />
      <TextArea
        label="Body"
        name="body"
        rows={12}
        required
        value={body}
        onChange={(event) => setBody(event.target.value)}
        hint={`Markdown or plain text, up to 1 MiB of UTF-8; this is ${formatBytes(size)}.`}
        error={
          errors.body ?? (tooLarge ? "This is more than 1 MiB: split it into several documents." : undefined)
        }
      />
      <TextField
        label="Source URL (optional)"
        name="sourceUrl"
        type="url"
        placeholder="https://"
        hint="Where the text comes from; shown beside every citation of it."
        error={errors.sourceUrl}
      />
      <div>
        <Button type="submit" variant="primary" busy={add.isPending} disabled={tooLarge}>
          Add document
        </Button>
      </div>
    </form>
  );
}
