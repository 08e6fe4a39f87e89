'use client';
import { useEffect, useRef, type ReactNode } from 'react';

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
