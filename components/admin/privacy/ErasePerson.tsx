'use client';
import { useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { DownloadReceipt } from '@/components/privacy/download';
import { ErasurePlan } from '@/components/privacy/ErasurePlan';
import type { SignedReceipt } from '@/components/privacy/words';
import { canManageMember } from '@/shared/roles';
import { useAdmin } from '../admin-context';
import { ConfirmButton } from '../ConfirmButton';
import { FormProblem } from '../FormProblem';
import { PersonSelect } from '../PersonSelect';

/**
 * Erasing a person at their request: choose them, read the dry run (what goes, what is kept and
 * why), then erase after a question. Only people the admin outranks are offered: the server
 * refuses the rest, and oneself goes through the account page instead.
 */
export function ErasePerson() {
  const { ws, user } = useAdmin();
  const utils = trpc.useUtils();
  const [userId, setUserId] = useState('');
  const [previewFor, setPreviewFor] = useState<string | null>(null);
  const [local, setLocal] = useState<ShownError | null>(null);
  const [done, setDone] = useState<{ name: string; signed: SignedReceipt } | null>(null);
  const people = trpc.member.list.useQuery({ workspaceId: ws.id, includeVisitors: true });
  const erasable = people.data?.filter((m) => m.userId !== user.id && canManageMember(ws.role, m.role));
  const preview = trpc.compliance.erasurePreview.useQuery(
    { workspaceId: ws.id, userId: previewFor ?? '' },
    { enabled: previewFor !== null, staleTime: 0 },
  );
  const name = people.data?.find((m) => m.userId === previewFor)?.name ?? 'this person';
  const erase = trpc.compliance.erase.useMutation({
    onSuccess: (signed) => {
      setDone({ name, signed });
      setUserId('');
      setPreviewFor(null);
      return Promise.all([
        utils.compliance.erasures.invalidate(),
        utils.compliance.erasurePreview.invalidate(),
        utils.member.list.invalidate(),
        utils.audit.invalidate(),
      ]);
    },
  });
  const error = local ?? toShownError(people.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    erase.reset();
    const missing = userId === '';
    setLocal(missing ? { message: '', fieldErrors: { userId: ['Choose the person to erase'] } } : null);
    if (missing) return;
    if (previewFor === userId) void preview.refetch();
    else setPreviewFor(userId);
  }

  return (
    <section aria-labelledby="privacy-erase-h" className="privacy-part">
      <h2 id="privacy-erase-h">Erase a person</h2>
      <p className="muted">
        When someone asks to be erased from {ws.name}: the key their messages are encrypted under is destroyed
        (so no copy can be read, backups included), their own records are removed, and what the workspace must
        keep (the audit log, legal holds) stays under a pseudonym. They get a signed receipt on their account
        page. To erase yourself, delete your account from your account page.
      </p>
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Choose the person to erase">
        <PersonSelect
          people={erasable}
          value={userId}
          onChange={(id) => {
            setUserId(id);
            setLocal(null);
            setPreviewFor(null);
          }}
          error={error}
        />
        <FormProblem error={error} fields={['userId']} />
        <div className="row">
          <button type="submit" className="secondary" disabled={preview.isFetching}>
            Preview erasure
          </button>
        </div>
      </form>
      {done ? (
        <div className="admin-result" role="status">
          <p>
            {done.name} is erased from {ws.name}; the records kept name them as{' '}
            <code className="erasure-pseudonym">{done.signed.receipt.workspaces[0]?.pseudonym}</code>.
          </p>
          <DownloadReceipt signed={done.signed} what={`of erasing ${done.name}`} />
        </div>
      ) : null}
      {previewFor === null ? null : preview.isPending ? (
        <p role="status" className="muted">
          Working out what erasing {name} would do…
        </p>
      ) : preview.error ? (
        <FormProblem error={toShownError(preview.error)} />
      ) : (
        <>
          <ErasurePlan plan={preview.data} who="other" />
          <FormProblem error={toShownError(erase.error)} />
          {preview.data.blocked ? (
            <button type="button" className="danger" disabled>
              Erase {name}
            </button>
          ) : (
            <ConfirmButton
              label={`Erase ${name}`}
              question={`Erase ${name} from ${ws.name}? This cannot be undone.`}
              confirmLabel={`Yes, erase ${name}`}
              pending={erase.isPending}
              onConfirm={() => erase.mutate({ workspaceId: ws.id, userId: previewFor })}
            />
          )}
        </>
      )}
    </section>
  );
}
