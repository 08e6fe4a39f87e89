'use client';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError, TextArea } from '@/components/ui/field';
import { useWorkspace } from '@/components/workspace/workspace-context';

/** The team's internal notes on a visitor conversation: the visitor never sees them. */
export function Notes({ conversationId }: { conversationId: string }) {
  const { ws } = useWorkspace();
  const utils = trpc.useUtils();
  const ref = { workspaceId: ws.id, conversationId };
  const notes = trpc.inbox.notes.useQuery(ref);
  const [body, setBody] = useState('');
  const add = trpc.inbox.addNote.useMutation({
    onSuccess: async () => {
      setBody('');
      await utils.inbox.notes.invalidate(ref);
    },
  });
  const shown = toShownError(add.error);
  return (
    <section className="inbox-notes" aria-labelledby="notes-title">
      <h3 id="notes-title">Internal notes</h3>
      {notes.isPending ? (
        <p role="status" className="muted">
          Loading notes…
        </p>
      ) : notes.error ? (
        <FormError error={toShownError(notes.error)} />
      ) : notes.data.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ol className="note-list">
          {notes.data.map((n) => (
            <li key={n.id} className="note">
              <p className="note-head">
                <strong>{n.authorName}</strong>{' '}
                <time dateTime={n.createdAt} className="muted">
                  {new Date(n.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
                </time>
              </p>
              <p className="note-body">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) add.mutate({ ...ref, body });
        }}
      >
        <TextArea
          label="Add a note"
          hint="Only your team sees notes."
          rows={2}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              if (body.trim()) add.mutate({ ...ref, body });
            }
          }}
          messages={shown?.fieldErrors.body ?? []}
        />
        <button type="submit" className="secondary" disabled={!body.trim() || add.isPending}>
          Add note
        </button>
        <FormError error={shown} />
      </form>
    </section>
  );
}
