'use client';
import { useEffect, useRef, useState } from 'react';
import { blankBody, longBody } from '@/shared/message-body';
import { useChat } from './ChatProvider';
import { fromWire, rebase, toWire } from './mention-pills';
import { PillTextarea } from './PillTextarea';

/**
 * Inline editor for one's own message: Enter saves, Shift+Enter breaks the line, Escape cancels.
 * Its mentions show as `@Name` pills and are saved as the `<@userId>` tokens they were.
 */
export function EditForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (body: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { nameOf } = useChat();
  const [draft, setDraft] = useState(() => fromWire(initial, nameOf));
  const { text } = draft;
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
    const body = toWire(draft);
    // The server refuses control characters too; typing cannot produce them.
    if (blankBody.broken(body)) return setError(blankBody.message);
    if (longBody.broken(body)) return setError(longBody.message);
    if (body === initial) return onCancel();
    setBusy(true);
    setError(null);
    try {
      await onSave(body);
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
      <PillTextarea
        ref={ref}
        aria-label="Edit your message"
        draft={draft}
        rows={Math.min(8, text.split('\n').length + 1)}
        onChange={(e) => {
          const next = e.target.value;
          setDraft((d) => rebase(d, next));
        }}
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
