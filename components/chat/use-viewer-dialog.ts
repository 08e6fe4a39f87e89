'use client';
import { useEffect, useId, useRef } from 'react';

/**
 * The modal shell of a file viewer (the picture lightbox, the PDF viewer): shown as a modal
 * dialog when mounted, focus on its Close button, and back on what opened it when it goes
 * (unless the list moved on and that is gone).
 */
export function useViewerDialog(opener: HTMLElement | null) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    closeRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  return { ref, closeRef, titleId, close: () => ref.current?.close() };
}
