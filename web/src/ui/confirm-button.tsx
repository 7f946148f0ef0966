/**
 * An action that asks before it acts: the first press shows the question with "Confirm" and "Cancel"
 * (focus moves to "Cancel", so a stray Enter does nothing harmful); only "Confirm" runs it.
 */
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "./controls.tsx";

export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  busy,
  variant = "danger",
  small,
}: {
  children: ReactNode;
  /** What the person is asked, e.g. "Suspend Acme? Its users are signed out." */
  question: ReactNode;
  /** The confirming button's text, e.g. "Confirm suspension". */
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  /** @default "danger" */
  variant?: "primary" | "danger";
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const group = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (asking) group.current?.querySelector<HTMLButtonElement>("button:last-of-type")?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <Button variant={variant} small={small} busy={busy} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  }
  return (
    <fieldset ref={group} className="confirm">
      <legend>{question}</legend>
      <div className="row">
        <Button
          variant={variant}
          small
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </Button>
        <Button small onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
    </fieldset>
  );
}
