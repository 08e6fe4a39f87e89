'use client';
import { useEffect, useRef, useState } from 'react';
import { blankBody, longBody } from '@/shared/message-body';

/** Inline editor for one's own message: Enter saves, Shift+Enter breaks the line, Escape cancels. */
export function EditForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (body: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    if (busy) return;
    // The server refuses control characters too; typing cannot produce them.
    if (blankBody.broken(text)) return setError(blankBody.message);
    if (longBody.broken(text)) return setError(longBody.message);
    if (text === initial) return onCancel();
    setBusy(true);
    setError(null);
    try {
      await onSave(text);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save');
      setBusy(false);
    }
  }

  return (
    <form
      className="edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        ref={ref}
        aria-label="Edit your message"
        value={text}
        rows={Math.min(8, text.split('\n').length + 1)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        {error ? (
          <span role="alert" className="form-error">
            {error}
          </span>
        ) : null}
      </div>
    </form>
  );
}
