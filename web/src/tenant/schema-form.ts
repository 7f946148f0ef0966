/**
 * A run form generated from an agent's input JSON Schema (what the catalog serves): each property
 * becomes one field of a kind the portal can render, with its constraints as a hint and checked
 * before the run is sent. Shapes a plain control cannot express (objects, unions, arrays of
 * non-strings) become a JSON field, so nothing the agent takes is silently left out.
 */
import { withItsPath } from "../api/errors.ts";

/** How a field is rendered and how its value is read. */
export type FieldKind =
  /** One line of text. */
  | "text"
  /** Several lines of text (long strings). */
  | "textarea"
  /** One of a few strings. */
  | "select"
  /** A number, typed as text and parsed on submit. */
  | "number"
  | "checkbox"
  /** A list of strings, one per line or separated by commas. */
  | "list"
  /** Any of a few strings (an array of an enum): one checkbox each. */
  | "choices"
  /** A shape no control expresses: its JSON, typed by hand. */
  | "json";

export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** The schema's description and its constraints in plain words. */
  hint: string;
  /** The choices of a `select` or `choices` field. */
  options?: readonly string[];
  /** `url` or `email` for a string of that format (the input's type). */
  inputType?: "url" | "email";
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  /** The longest item of a `list`. */
  itemMaxLength?: number;
  /** The schema's default, as the field's value. */
  initial: FieldValue;
}

/** A field's value as the form holds it: text for most, a flag, or the chosen options. */
export type FieldValue = string | boolean | readonly string[];
export type FormValues = Readonly<Record<string, FieldValue>>;

export interface SchemaForm {
  fields: readonly FormField[];
  /** Why no form could be built (the schema is not an object of properties). */
  unsupported?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberAt(schema: Json, key: string): number | undefined {
  const value = schema[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function stringsAt(schema: Json, key: string): string[] | undefined {
  const value = schema[key];
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")
    ? value
    : undefined;
}

/** Strings longer than this get several lines. */
export const MULTILINE_ABOVE = 300;

/** "countPerNetwork" → "Count per network"; "website_text" → "Website text". */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max} ${unit}`;
  if (max !== undefined) return `up to ${max} ${unit}`;
  if (min !== undefined) return `at least ${min} ${unit}`;
  return "";
}

function sentence(parts: readonly string[]): string {
  return parts
    .filter(Boolean)
    .map((part) => {
      const text = part.trim();
      const capital = text.charAt(0).toUpperCase() + text.slice(1);
      return /[.!?]$/.test(capital) ? capital : `${capital}.`;
    })
    .join(" ");
}

/** One property's field. */
function fieldOf(name: string, schema: unknown, required: boolean): FormField {
  const base = { name, label: labelOf(name), required };
  const prop = isObject(schema) ? schema : {};
  const description = typeof prop.description === "string" ? prop.description : "";
  const fallback = (reason: string): FormField => ({
    ...base,
    kind: "json",
    hint: sentence([description, `${reason}: type it as JSON`]),
    initial: prop.default === undefined ? "" : JSON.stringify(prop.default, null, 2),
  });

  const type = prop.type;
  const enumValues = stringsAt(prop, "enum");
  if (type === "string" && enumValues) {
    return {
      ...base,
      kind: "select",
      options: enumValues,
      hint: sentence([description]),
      initial: typeof prop.default === "string" ? prop.default : required ? (enumValues[0] ?? "") : "",
    };
  }
  if (type === "string") {
    const minLength = numberAt(prop, "minLength");
    const maxLength = numberAt(prop, "maxLength");
    const format = prop.format === "uri" ? "url" : prop.format === "email" ? "email" : undefined;
    return {
      ...base,
      // A web or mail address is one line however long it may be.
      kind: !format && maxLength !== undefined && maxLength > MULTILINE_ABOVE ? "textarea" : "text",
      hint: sentence([
        description,
        range(minLength && minLength > 1 ? minLength : undefined, maxLength, "characters"),
      ]),
      ...(format ? { inputType: format } : {}),
      ...(minLength === undefined ? {} : { minLength }),
      ...(maxLength === undefined ? {} : { maxLength }),
      ...(typeof prop.pattern === "string" ? { pattern: prop.pattern } : {}),
      initial: typeof prop.default === "string" ? prop.default : "",
    };
  }
  if (type === "number" || type === "integer") {
    const minimum = numberAt(prop, "minimum");
    const maximum = numberAt(prop, "maximum");
    const span =
      minimum !== undefined && maximum !== undefined
        ? `from ${minimum} to ${maximum}`
        : minimum !== undefined
          ? `at least ${minimum}`
          : maximum !== undefined
            ? `at most ${maximum}`
            : "";
    return {
      ...base,
      kind: "number",
      integer: type === "integer",
      hint: sentence([description, [type === "integer" ? "a whole number" : "a number", span].join(" ")]),
      ...(minimum === undefined ? {} : { minimum }),
      ...(maximum === undefined ? {} : { maximum }),
      initial: typeof prop.default === "number" ? String(prop.default) : "",
    };
  }
  if (type === "boolean") {
    return { ...base, kind: "checkbox", hint: sentence([description]), initial: prop.default === true };
  }
  if (type === "array" && isObject(prop.items) && prop.items.type === "string") {
    const minItems = numberAt(prop, "minItems");
    const maxItems = numberAt(prop, "maxItems");
    const items = prop.items;
    const options = stringsAt(items, "enum");
    const initial = stringsAt(prop, "default") ?? [];
    const count = range(minItems, maxItems, "items");
    if (options) {
      return {
        ...base,
        kind: "choices",
        options,
        hint: sentence([description, count && `choose ${count}`]),
        ...(minItems === undefined ? {} : { minItems }),
        ...(maxItems === undefined ? {} : { maxItems }),
        initial,
      };
    }
    const itemMaxLength = numberAt(items, "maxLength");
    return {
      ...base,
      kind: "list",
      hint: sentence([
        description,
        "one per line, or separated by commas",
        count,
        itemMaxLength === undefined ? "" : `each up to ${itemMaxLength} characters`,
      ]),
      ...(minItems === undefined ? {} : { minItems }),
      ...(maxItems === undefined ? {} : { maxItems }),
      ...(itemMaxLength === undefined ? {} : { itemMaxLength }),
      initial: initial.join("\n"),
    };
  }
  if (type === "object") return fallback("A structured value");
  if (type === "array") return fallback("A list of structured values");
  return fallback("A value of several possible shapes");
}

/**
 * The form of an input JSON Schema: one field per property, in the schema's order, but for those the
 * platform sets itself (`readOnly`: a revision's feedback and the draft it revises).
 */
export function formOf(schema: unknown): SchemaForm {
  if (!isObject(schema) || schema.type !== "object" || !isObject(schema.properties)) {
    return { fields: [], unsupported: "This agent's input is not a set of named fields." };
  }
  const required = new Set(stringsAt(schema, "required") ?? []);
  return {
    fields: Object.entries(schema.properties)
      .filter(([, prop]) => !(isObject(prop) && prop.readOnly === true))
      .map(([name, prop]) => fieldOf(name, prop, required.has(name))),
  };
}

/** The form's first values: each field's default. */
export function initialValues(form: SchemaForm): Record<string, FieldValue> {
  return Object.fromEntries(form.fields.map((field) => [field.name, field.initial]));
}

/** A list typed as text: one item per line, or, on a single line, separated by commas. */
export function splitList(text: string): string[] {
  const separator = text.includes("\n") ? /\r?\n/ : /,/;
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}

type Read = { value: unknown } | { error: string } | { omit: true };

function lengthError(field: FormField, text: string): string | undefined {
  if (field.minLength !== undefined && text.length < field.minLength)
    return `Use at least ${field.minLength} characters.`;
  if (field.maxLength !== undefined && text.length > field.maxLength)
    return `Use at most ${field.maxLength} characters.`;
  if (field.pattern !== undefined) {
    let matches = true;
    try {
      matches = new RegExp(field.pattern, "u").test(text);
    } catch {
      // A pattern this browser cannot compile is left to the server, which checks it anyway.
    }
    if (!matches) return "This is not in the expected format.";
  }
  if (field.inputType === "url" && !isUrl(text)) return "Enter a full web address (https://…).";
  return undefined;
}

function isUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

function countError(field: FormField, items: readonly string[]): string | undefined {
  if (field.minItems !== undefined && items.length < field.minItems)
    return `Give at least ${field.minItems} item${field.minItems === 1 ? "" : "s"}.`;
  if (field.maxItems !== undefined && items.length > field.maxItems)
    return `Give at most ${field.maxItems} items.`;
  return undefined;
}

function read(field: FormField, value: FieldValue | undefined): Read {
  if (field.kind === "checkbox") {
    const checked = value === true;
    // An optional flag left unchecked is left out, so the agent's own default applies.
    return checked || field.required ? { value: checked } : { omit: true };
  }
  if (field.kind === "choices") {
    const chosen = Array.isArray(value) ? value.filter((v) => field.options?.includes(v)) : [];
    if (chosen.length === 0) return field.required ? { error: "Choose at least one." } : { omit: true };
    const error = countError(field, chosen);
    return error ? { error } : { value: chosen };
  }
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "") return field.required ? { error: "This field is required." } : { omit: true };
  switch (field.kind) {
    case "number": {
      const number = Number(text);
      if (!Number.isFinite(number)) return { error: "Enter a number." };
      if (field.integer && !Number.isInteger(number)) return { error: "Enter a whole number." };
      if (field.minimum !== undefined && number < field.minimum)
        return { error: `Enter ${field.minimum} or more.` };
      if (field.maximum !== undefined && number > field.maximum)
        return { error: `Enter ${field.maximum} or less.` };
      return { value: number };
    }
    case "list": {
      const items = splitList(text);
      const longest = field.itemMaxLength;
      const error =
        countError(field, items) ??
        (longest !== undefined && items.some((item) => item.length > longest)
          ? `Keep each item to ${longest} characters.`
          : undefined);
      return error ? { error } : { value: items };
    }
    case "json":
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: "This is not valid JSON." };
      }
    case "select":
      return field.options?.includes(text) ? { value: text } : { error: "Choose one of the options." };
    default: {
      const error = lengthError(field, text);
      return error ? { error } : { value: text };
    }
  }
}

/** The run's input from the form's values, or the message of each field that is not acceptable. */
export function inputOf(
  form: SchemaForm,
  values: FormValues,
): { ok: true; input: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const result = read(field, values[field.name]);
    if ("error" in result) errors[field.name] = result.error;
    else if ("value" in result) input[field.name] = result.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/**
 * The server's validation failures placed on the form: a path `input.<field>…` names its field;
 * anything else (a field the form does not show, the input as a whole) is said above the form, with its path.
 */
export function serverErrors(
  form: SchemaForm,
  issues: readonly { field: string; path?: string; message: string }[],
): { fields: Record<string, string>; general: string[] } {
  const names = new Set(form.fields.map((field) => field.name));
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const [top, name] = (issue.path ?? issue.field).split(".");
    if (top === "input" && name && names.has(name)) fields[name] ??= issue.message;
    else general.push(withItsPath(issue));
  }
  return { fields, general };
}
