/** Asking for changes: the feedback is required, and is what the agent revises from. */
import { type FormEvent, useState } from "react";
import { fieldMessages } from "../api/errors.ts";
import { Button, TextArea } from "../ui/controls.tsx";
import { ActionError } from "./action-error.tsx";

export interface FeedbackFormProps {
  busy: boolean;
  error: unknown;
  onSubmit: (feedback: string) => void;
  onCancel: () => void;
}

export function FeedbackForm({ busy, error, onSubmit, onCancel }: FeedbackFormProps) {
  const [text, setText] = useState("");
  const [touched, setTouched] = useState(false);
  const missing = touched && text.trim() === "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (text.trim()) onSubmit(text.trim());
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <TextArea
        label="Feedback for the writer"
        hint="Say what to change and why; the agent writes a revision from it."
        value={text}
        rows={4}
        required
        aria-required="true"
        onChange={(event) => setText(event.target.value)}
        error={missing ? "Write what should change." : fieldMessages(error).feedback}
      />
      {fieldMessages(error).feedback ? null : <ActionError error={error} />}
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          Send feedback and request changes
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
