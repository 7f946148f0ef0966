/**
 * The brand profile and voice form: who the business is, for whom, and how it writes. Lists take one
 * item a line; examples are passages in the brand's voice. The server's complaints show next to
 * the fields they name.
 */
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiError } from "../api/errors.ts";
import { Button, TextArea, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import {
  type BrandField,
  type BrandFormValues,
  type BrandProfileInput,
  brandFieldOf,
  profileOf,
} from "./brand-form.ts";

interface FieldSpec {
  field: Exclude<BrandField, "examples">;
  label: string;
  hint: string;
  rows?: number;
  required?: boolean;
}

const ABOUT: readonly FieldSpec[] = [
  { field: "businessName", label: "Business name", hint: "As customers know it.", required: true },
  {
    field: "summary",
    label: "Summary",
    hint: "Two to four sentences: what you do, for whom, and why they choose you.",
    rows: 4,
    required: true,
  },
  { field: "industry", label: "Industry", hint: "For example: bicycle retail and repair.", required: true },
  {
    field: "audiences",
    label: "Audiences",
    hint: "Who you sell to; one a line (up to 6).",
    rows: 3,
    required: true,
  },
  {
    field: "offerings",
    label: "Offerings",
    hint: "Products and services; one a line (up to 12).",
    rows: 3,
    required: true,
  },
  {
    field: "differentiators",
    label: "Differentiators",
    hint: "Why customers pick you; one a line (up to 8).",
    rows: 3,
    required: true,
  },
  {
    field: "keywords",
    label: "Keywords",
    hint: "Search terms to rank for; one a line (up to 20).",
    rows: 3,
    required: true,
  },
];

const VOICE: readonly FieldSpec[] = [
  {
    field: "tone",
    label: "Tone",
    hint: "A word or two each, one a line: friendly, expert… (up to 6).",
    rows: 2,
    required: true,
  },
  {
    field: "do",
    label: "Do",
    hint: "Writing instructions to follow; one a line (up to 8).",
    rows: 3,
    required: true,
  },
  { field: "avoid", label: "Avoid", hint: "Writing habits to avoid; one a line (up to 8).", rows: 3 },
  {
    field: "wordsToUse",
    label: "Words to use",
    hint: "Words and phrases you like; one a line (up to 30).",
    rows: 3,
  },
  {
    field: "wordsToAvoid",
    label: "Words to avoid",
    hint: "Never written; drafts that use them are flagged before review. One a line (up to 30).",
    rows: 3,
  },
];

const MAX_EXAMPLES = 5;

export interface BrandEditorProps {
  initial: BrandFormValues;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (profile: BrandProfileInput) => void;
  onCancel?: (() => void) | undefined;
  /** Shown above the buttons (a conflict's explanation). */
  notice?: ReactNode;
}

/** The failure's messages by form field, and the ones no field of the form names. */
function messagesOf(error: unknown): { byField: Partial<Record<BrandField, string>>; other: string[] } {
  const byField: Partial<Record<BrandField, string>> = {};
  const other: string[] = [];
  if (!(error instanceof ApiError)) return { byField, other };
  for (const issue of error.fields) {
    const field = brandFieldOf(issue.path ?? issue.field);
    if (field && !byField[field]) byField[field] = issue.message;
    else if (!field) other.push(issue.message);
  }
  return { byField, other };
}

export function BrandEditor({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  notice,
}: BrandEditorProps) {
  const [values, setValues] = useState(initial);
  const { byField, other } = messagesOf(error);
  const set = (field: BrandField, value: string) => setValues({ ...values, [field]: value });
  const control = (spec: FieldSpec) => {
    const common = {
      label: spec.label,
      hint: spec.hint,
      value: values[spec.field],
      required: spec.required,
      error: byField[spec.field],
    };
    return spec.rows ? (
      <TextArea
        key={spec.field}
        rows={spec.rows}
        {...common}
        onChange={(e) => set(spec.field, e.target.value)}
      />
    ) : (
      <TextField key={spec.field} {...common} onChange={(e) => set(spec.field, e.target.value)} />
    );
  };
  const setExample = (index: number, text: string) =>
    setValues({ ...values, examples: values.examples.map((e, i) => (i === index ? text : e)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(profileOf(values));
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Brand profile">
      <fieldset className="stack">
        <legend>About the business</legend>
        {ABOUT.map(control)}
      </fieldset>
      <fieldset className="stack">
        <legend>Voice</legend>
        {VOICE.map(control)}
      </fieldset>
      <fieldset className="stack">
        <legend>Examples in your voice</legend>
        {values.examples.map((example, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: controlled fields named by position ("Example 2")
          <div key={`example-${i + 1}`} className="stack">
            <TextArea
              label={`Example ${i + 1}`}
              hint={i === 0 ? "A short passage written the way you write (optional, up to 5)." : undefined}
              rows={3}
              value={example}
              error={i === 0 ? byField.examples : undefined}
              onChange={(e) => setExample(i, e.target.value)}
            />
            {values.examples.length > 1 ? (
              <Button
                small
                variant="ghost"
                onClick={() => setValues({ ...values, examples: values.examples.filter((_, j) => j !== i) })}
              >
                Remove example {i + 1}
              </Button>
            ) : null}
          </div>
        ))}
        {values.examples.length < MAX_EXAMPLES ? (
          <div>
            <Button small onClick={() => setValues({ ...values, examples: [...values.examples, ""] })}>
              Add an example
            </Button>
          </div>
        ) : null}
      </fieldset>
      {notice}
      {other.length > 0 ? (
        <Alert>
          <ul>
            {other.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {error && !notice && Object.keys(byField).length > 0 ? (
        <Alert>Some fields need a change: see the messages next to them.</Alert>
      ) : null}
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}
