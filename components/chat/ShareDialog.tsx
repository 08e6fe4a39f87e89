'use client';
import { useId, useState, type FormEvent } from 'react';
import { unnamed } from '@/shared/erasure';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { Field, FormError, Loading, SelectField } from '../ui/field';
import { useChat } from './ChatProvider';
import { expiryFromInput, shareAllows, shareUntil } from './file-share-words';
import { MessageDialog } from './MessageDialog';

/**
 * The shares of a file and a form to add one: a member of the workspace, what they may do besides
 * viewing it (comment, replace, download), and when it ends. Each share can be revoked at once.
 * Shared by the "Share…" dialog and the file page.
 */
export function ShareForm({ file, titleId }: { file: { id: string; name: string }; titleId?: string }) {
  const { workspaceId, members, userId, nameOf } = useChat();
  const id = useId();
  const utils = trpc.useUtils();
  const shares = trpc.attachment.shares.useQuery({ workspaceId, fileId: file.id });
  const refresh = () => utils.attachment.shares.invalidate({ workspaceId, fileId: file.id });
  const [who, setWho] = useState('');
  const [flags, setFlags] = useState({ comment: false, replace: false, download: true });
  const [ends, setEnds] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const share = trpc.attachment.share.useMutation({
    onSuccess: async (s) => {
      setNotice(`Shared with ${nameOf(s.userId) ?? 'them'}.`);
      setWho('');
      setEnds('');
      await refresh();
    },
  });
  const revoke = trpc.attachment.revokeShare.useMutation({
    onSuccess: async (s) => {
      setNotice(`No longer shared with ${nameOf(s.userId) ?? 'them'}.`);
      await refresh();
    },
  });
  const error = toShownError(share.error);
  const people = members
    .filter((m) => !m.visitor && m.userId !== userId)
    .sort((a, b) => a.name.localeCompare(b.name));
  const label = (u: string) => nameOf(u) ?? unnamed(u);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    setLocalError(null);
    if (!who) return setLocalError('Choose the person to share it with.');
    const end = expiryFromInput(ends);
    if (!end) return setLocalError('The end is not a time.');
    share.mutate({
      workspaceId,
      fileId: file.id,
      userId: who,
      ...flags,
      ...(end.iso ? { expiresAt: end.iso } : {}),
    });
  };
  const check = (key: keyof typeof flags, words: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={flags[key]}
        onChange={(e) => setFlags((f) => ({ ...f, [key]: e.target.checked }))}
      />
      {words}
    </label>
  );

  return (
    <div className="stack share-form">
      <form className="stack" onSubmit={submit} noValidate>
        {titleId ? <h2 id={titleId}>Share {file.name}</h2> : null}
        <p className="muted">
          The person sees this file (not its conversation) and, with what you tick, may do more with it.
        </p>
        <FormError error={error} />
        {localError ? (
          <p role="alert" className="form-error">
            {localError}
          </p>
        ) : null}
        <SelectField
          label="Share with"
          name="userId"
          value={who}
          onChange={(e) => setWho(e.target.value)}
          options={[
            { value: '', label: 'Choose a member…' },
            ...people.map((m) => ({ value: m.userId, label: m.name })),
          ]}
          error={error}
        />
        <fieldset className="share-flags">
          <legend>They may also</legend>
          {check('download', 'Download it')}
          {check('comment', 'Comment on it')}
          {check('replace', 'Replace it with a new version')}
        </fieldset>
        <Field
          label="Ends (optional)"
          name="expiresAt"
          type="datetime-local"
          value={ends}
          onChange={(e) => setEnds(e.target.value)}
          hint="Leave empty to share until you revoke it."
          error={error}
        />
        <div className="row">
          <button type="submit" disabled={share.isPending}>
            {share.isPending ? 'Sharing…' : 'Share'}
          </button>
        </div>
      </form>
      {notice ? (
        <p role="status" className="share-notice">
          {notice}
        </p>
      ) : null}
      <h3 id={`${id}-list`}>Shared with</h3>
      <FormError error={toShownError(revoke.error)} />
      {shares.isPending ? (
        <Loading what="shares" />
      ) : shares.error ? (
        <FormError error={toShownError(shares.error)} />
      ) : shares.data.shares.length === 0 ? (
        <p className="muted">Not shared with anyone yet.</p>
      ) : (
        <ul className="share-list" aria-labelledby={`${id}-list`}>
          {shares.data.shares.map((s) => (
            <li key={s.id} className="share-row" data-expired={s.expired}>
              <span>
                <strong>{label(s.userId)}</strong> · {shareAllows(s)} · {shareUntil(s.expiresAt)}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ workspaceId, shareId: s.id })}
              >
                Revoke<span className="sr-only"> the share with {label(s.userId)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Share…": the share form and the file's shares in a modal dialog (Escape or Close ends it). */
export function ShareDialog({
  file,
  open,
  onClose,
}: {
  file: { id: string; name: string };
  open: boolean;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <MessageDialog open={open} className="share-dialog" titleId={titleId} onClose={onClose}>
      {open ? (
        <>
          <ShareForm file={file} titleId={titleId} />
          <div className="row">
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : null}
    </MessageDialog>
  );
}
