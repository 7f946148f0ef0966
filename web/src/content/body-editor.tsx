/**
 * Writing a version by hand: every text field of the latest version, editable, sent whole as the
 * new version's body. The server checks it against the agent's output schema; its complaints are
 * shown next to the fields they name (and the rest above the buttons).
 */
import { type FormEvent, useState } from "react";
import { Button, TextArea, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { ActionError } from "./action-error.tsx";
import { fieldLabel, isLongText, textLeaves, withText } from "./body-fields.ts";
import { errorsUnder } from "./errors.ts";

export interface BodyEditorProps {
  /** The body the edit starts from (the latest version's). */
  body: unknown;
  /** The failure of the last save, if any. */
  error: unknown;
  busy: boolean;
  onSave: (body: unknown) => void;
  onCancel: () => void;
}

export function BodyEditor({ body, error, busy, onSave, onCancel }: BodyEditorProps) {
  const [draft, setDraft] = useState<unknown>(body);
  const leaves = textLeaves(draft);
  const errors = errorsUnder(error, "body");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draft);
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Edit the latest version">
      {leaves.map((leaf) => {
        const common = {
          label: fieldLabel(leaf.path),
          value: leaf.text,
          error: errors.byPath[leaf.path],
        };
        return isLongText(textLeaves(body).find((l) => l.path === leaf.path)?.text ?? leaf.text) ? (
          <TextArea
            key={leaf.path}
            {...common}
            rows={Math.min(20, Math.max(4, leaf.text.split("\n").length + 1))}
            onChange={(event) => setDraft(withText(draft, leaf.path, event.target.value))}
          />
        ) : (
          <TextField
            key={leaf.path}
            {...common}
            onChange={(event) => setDraft(withText(draft, leaf.path, event.target.value))}
          />
        );
      })}
      {errors.other.length > 0 ? (
        <Alert>
          <ul>
            {errors.other.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      ) : Object.keys(errors.byPath).length > 0 ? (
        <Alert>Some fields need a change: see the messages next to them.</Alert>
      ) : (
        <ActionError error={error} />
      )}
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          Save as a new version
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
