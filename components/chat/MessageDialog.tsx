'use client';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Message } from './types';

/**
 * A modal about one message (reporting it, correcting it): open while `open`, closed by Escape
 * (which `onClose` hears) or by the caller dropping its message (a form's cancel calls `onClose`).
 */
export function MessageDialog({
  open,
  className,
  titleId,
  onClose,
  children,
}: {
  open: boolean;
  className: string;
  /** The id of the heading that names the dialog. */
  titleId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal ${className}`}
      aria-labelledby={titleId}
      onClose={onClose}
      // Escape is the dialog's own: not also the thread pane's or the conversation's around it.
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      {children}
    </dialog>
  );
}

/** How long a dialog's confirmation stays (it can be dismissed sooner). */
const NOTICE_MS = 8_000;

/**
 * Which message a dialog is about, and the short confirmation once its action is done. Every
 * function is stable, so the memoised message items keep their props.
 */
export function useMessageAction() {
  const [target, setTarget] = useState<Message | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const start = useCallback((m: Message) => {
    setNotice(null);
    setTarget(m);
  }, []);
  const close = useCallback(() => setTarget(null), []);
  const finish = useCallback((text: string) => {
    setTarget(null);
    setNotice(text);
  }, []);
  const dismiss = useCallback(() => setNotice(null), []);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return { target, notice, start, close, finish, dismiss };
}
