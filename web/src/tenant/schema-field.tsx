/** One field of a form generated from a JSON Schema (schema-form.ts), rendered with the design system's controls. */
import { useId } from "react";
import { Checkbox, SelectField, TextArea, TextField } from "../ui/controls.tsx";
import type { FieldValue, FormField } from "./schema-form.ts";

export function SchemaField({
  field,
  value,
  error,
  onChange,
}: {
  field: FormField;
  value: FieldValue | undefined;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const label = field.required ? field.label : `${field.label} (optional)`;
  const text = typeof value === "string" ? value : "";
  const common = { label, hint: field.hint || undefined, error, name: field.name, required: field.required };
  switch (field.kind) {
    case "select":
      return (
        <SelectField
          {...common}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          options={[
            ...(field.required ? [] : [{ value: "", label: "—" }]),
            ...(field.options ?? []).map((option) => ({ value: option, label: option })),
          ]}
        />
      );
    case "checkbox":
      return (
        <div className="field">
          <Checkbox
            label={label}
            name={field.name}
            checked={value === true}
            onChange={(event) => onChange(event.currentTarget.checked)}
          />
          {field.hint ? <span className="hint">{field.hint}</span> : null}
          {error ? (
            <span className="error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
      );
    case "choices":
      return <Choices field={field} label={label} value={value} error={error} onChange={onChange} />;
    case "textarea":
    case "list":
    case "json":
      return (
        <TextArea
          {...common}
          value={text}
          rows={field.kind === "json" ? 6 : 4}
          spellCheck={field.kind !== "json"}
          className={field.kind === "json" ? "input input-code" : undefined}
          {...(field.kind === "textarea" && field.maxLength ? { maxLength: field.maxLength } : {})}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case "number":
      return (
        <TextField
          {...common}
          type="number"
          inputMode={field.integer ? "numeric" : "decimal"}
          step={field.integer ? 1 : "any"}
          min={field.minimum}
          max={field.maximum}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    default:
      return (
        <TextField
          {...common}
          type={field.inputType ?? "text"}
          value={text}
          {...(field.maxLength ? { maxLength: field.maxLength } : {})}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
  }
}

/** Several options, any of which may be chosen: a checkbox each, in a labelled group. */
function Choices({
  field,
  label,
  value,
  error,
  onChange,
}: {
  field: FormField;
  label: string;
  value: FieldValue | undefined;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const id = useId();
  const chosen = Array.isArray(value) ? value : [];
  const toggle = (option: string, on: boolean) =>
    onChange(on ? [...chosen, option] : chosen.filter((item) => item !== option));
  return (
    <fieldset
      className="field choices"
      aria-describedby={[field.hint ? `${id}-hint` : "", error ? `${id}-error` : ""]
        .filter(Boolean)
        .join(" ")}
    >
      <legend>{label}</legend>
      <div className="row">
        {(field.options ?? []).map((option) => (
          <Checkbox
            key={option}
            label={option}
            name={field.name}
            checked={chosen.includes(option)}
            onChange={(event) => toggle(option, event.currentTarget.checked)}
          />
        ))}
      </div>
      {field.hint ? (
        <span className="hint" id={`${id}-hint`}>
          {field.hint}
        </span>
      ) : null}
      {error ? (
        <span className="error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
