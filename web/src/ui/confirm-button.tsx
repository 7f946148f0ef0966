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
  const wrapper = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    // Focus follows the question: to "Cancel" when it opens, back to the action when it closes.
    const buttons = wrapper.current?.querySelectorAll<HTMLButtonElement>("button");
    if (asking) buttons?.[buttons.length - 1]?.focus();
    else if (asked.current) buttons?.[0]?.focus();
    asked.current = asking;
  }, [asking]);
  return <div ref={wrapper}>{asking ? askFirst() : action()}</div>;

  function action() {
    return (
      <Button variant={variant} small={small} busy={busy} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  }

  function askFirst() {
    return (
      <fieldset className="confirm">
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
}
