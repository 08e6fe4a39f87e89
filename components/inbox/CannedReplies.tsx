'use client';
import { useId, useMemo, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { insertIntoComposer } from '@/components/chat/composer-inserts';
import { Field, FormError, TextArea } from '@/components/ui/field';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { can } from '@/shared/roles';

/** Leads add a canned reply here (and remove one from the list). */
function NewCanned({ onDone }: { onDone: () => void }) {
  const { ws } = useWorkspace();
  const utils = trpc.useUtils();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const save = trpc.inbox.saveCannedReply.useMutation({
    onSuccess: async () => {
      await utils.inbox.cannedReplies.invalidate({ workspaceId: ws.id });
      onDone();
    },
  });
  const shown = toShownError(save.error);
  return (
    <form
      className="canned-new"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ workspaceId: ws.id, title, body });
      }}
    >
      <Field
        label="Title"
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={shown}
        required
      />
      <TextArea
        label="Reply"
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        messages={shown?.fieldErrors.body ?? []}
        required
      />
      <FormError error={shown} />
      <button type="submit" disabled={save.isPending || !title.trim() || !body.trim()}>
        Save canned reply
      </button>
    </form>
  );
}

/**
 * Canned replies for the open conversation: pick one and it lands in the composer to edit before
 * sending. Filtered as you type; leads add and remove them here too.
 */
export function CannedReplies({ conversationId }: { conversationId: string }) {
  const { ws } = useWorkspace();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = trpc.inbox.cannedReplies.useQuery({ workspaceId: ws.id }, { enabled: open });
  const remove = trpc.inbox.deleteCannedReply.useMutation({
    onSuccess: () => utils.inbox.cannedReplies.invalidate({ workspaceId: ws.id }),
  });
  const lead = can(ws.role, 'inbox.cannedReplies');
  const panelId = useId();
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (list.data ?? []).filter(
      (c) => !q || c.title.toLowerCase().includes(q) || c.body.toLowerCase().includes(q),
    );
  }, [list.data, query]);

  const use = (body: string) => {
    if (insertIntoComposer(conversationId, body)) {
      setOpen(false);
      setNotice(null);
    } else setNotice('Open the reply box first, then pick the canned reply again.');
  };

  return (
    <div className="canned">
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        Canned replies
      </button>
      {open ? (
        <div
          id={panelId}
          className="canned-panel"
          role="region"
          aria-label="Canned replies"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <label className="sr-only" htmlFor={`${panelId}-q`}>
            Find a canned reply
          </label>
          <input
            id={`${panelId}-q`}
            type="search"
            placeholder="Find a canned reply…"
            value={query}
            autoFocus
            onChange={(e) => setQuery(e.target.value)}
          />
          {list.isPending ? (
            <p role="status" className="muted">
              Loading…
            </p>
          ) : list.error ? (
            <FormError error={toShownError(list.error)} />
          ) : shown.length === 0 ? (
            <p className="muted">
              {list.data.length === 0
                ? lead
                  ? 'No canned replies yet: add the answers your team gives most.'
                  : 'No canned replies yet: ask a moderator or admin to add some.'
                : 'None matches.'}
            </p>
          ) : (
            <ul className="canned-list">
              {shown.map((c) => (
                <li key={c.id}>
                  <button type="button" className="canned-use" onClick={() => use(c.body)}>
                    <strong>{c.title}</strong>
                    <span className="muted canned-body">{c.body}</span>
                  </button>
                  {lead ? (
                    <button
                      type="button"
                      className="link-btn danger"
                      aria-label={`Delete canned reply ${c.title}`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ workspaceId: ws.id, id: c.id })}
                    >
                      Delete
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {notice ? <p role="status">{notice}</p> : null}
          <FormError error={toShownError(remove.error)} />
          {lead ? (
            adding ? (
              <NewCanned onDone={() => setAdding(false)} />
            ) : (
              <button type="button" className="link-btn" onClick={() => setAdding(true)}>
                New canned reply
              </button>
            )
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
