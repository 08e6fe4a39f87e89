'use client';
import { lazy, Suspense, useCallback, useRef, useState, type ReactNode } from 'react';

// The picker's code comes with its first opening, like its data: neither is in the chat's or the
// widget's first load.
const EmojiPicker = lazy(() => import('./EmojiPicker').then((m) => ({ default: m.EmojiPicker })));

/**
 * A button that opens the emoji picker under it: the "Add reaction" of a message's toolbar and the
 * "+" after its reactions. Escape and a pick give focus back to the button.
 */
export function ReactionButton({
  className,
  onReact,
  children,
  disabled,
}: {
  className: string;
  onReact: (emoji: string) => void;
  children: ReactNode;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback((how: 'escape' | 'outside') => {
    setOpen(false);
    if (how === 'escape') button.current?.focus();
  }, []);
  return (
    <span className="picker-anchor">
      <button
        ref={button}
        type="button"
        className={className}
        aria-label="Add reaction"
        aria-expanded={open}
        aria-haspopup="dialog"
        title="Add reaction"
        disabled={disabled}
        onClick={() => setOpen((v) => !v)}
      >
        {children}
      </button>
      {open ? (
        <Suspense
          fallback={
            <p role="status" className="emoji-picker emoji-note">
              Loading emoji…
            </p>
          }
        >
          <EmojiPicker
            onClose={close}
            onPick={(emoji) => {
              setOpen(false);
              button.current?.focus();
              onReact(emoji);
            }}
          />
        </Suspense>
      ) : null}
    </span>
  );
}
