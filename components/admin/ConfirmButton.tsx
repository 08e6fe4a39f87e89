'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * A destructive action that asks first, in place (no browser dialog): the button turns into a
 * question with "Yes" and "Cancel"; focus moves to "Yes" so keyboard users land on the choice.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel = 'Yes',
  onConfirm,
  pending = false,
  className = 'danger',
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  pending?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus follows the question: onto "Yes" when asked, back to the button once answered.
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (asked.current) opener.current?.focus();
    asked.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={opener}
        type="button"
        className={className}
        disabled={pending}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={question} className="admin-confirm">
      <span>{question}</span>
      <button
        ref={yes}
        type="button"
        className="danger"
        disabled={pending}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
