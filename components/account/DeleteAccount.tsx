'use client';
import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import type { SessionUser } from '@/components/client/require-session';
import { trpc } from '@/components/client/trpc';
import { DownloadReceipt } from '@/components/privacy/download';
import { ErasurePlan } from '@/components/privacy/ErasurePlan';
import { accountInWords, shownAt, type SignedReceipt } from '@/components/privacy/words';
import { Field, FormError, Loading } from '@/components/ui/field';
import '@/components/privacy/privacy.css';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const codeOf = (err: unknown) =>
  isObject(err) && isObject(err.data) && typeof err.data.code === 'string' ? err.data.code : '';

/** The server's answer where the form shows it: a wrong address at the field, the rest above. */
function deleteProblem(err: unknown): ShownError | null {
  const shown = toShownError(err);
  if (shown && codeOf(err) === 'BAD_REQUEST' && Object.keys(shown.fieldErrors).length === 0)
    return { message: '', fieldErrors: { confirmEmail: [shown.message] } };
  return shown;
}

/**
 * Deleting one's own account: first the dry run (per workspace, what goes and what is kept and
 * why), then the person types their email address to confirm. `onDeleted` gets the signed receipt;
 * it must outlive this component, which goes with the session (the server ends every one).
 */
export function DeleteAccount({
  user,
  onDeleted,
}: {
  user: SessionUser;
  onDeleted: (r: SignedReceipt) => void;
}) {
  const [reviewing, setReviewing] = useState(false);
  const [email, setEmail] = useState('');
  const [local, setLocal] = useState<ShownError | null>(null);
  const preview = trpc.privacy.deletionPreview.useQuery(undefined, { enabled: reviewing, staleTime: 0 });
  // The hook's own callback, not mutate()'s: it runs even once this component has gone.
  const remove = trpc.privacy.deleteAccount.useMutation({
    onSuccess: onDeleted,
    onError: (err) => {
      // Something changed since the review (someone's role): show what blocks it now.
      if (codeOf(err) === 'CONFLICT') void preview.refetch();
    },
  });
  const error = local ?? deleteProblem(remove.error);
  const blocked = preview.data?.blocked ?? [];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const missing = email.trim() === '';
    setLocal(
      missing ? { message: '', fieldErrors: { confirmEmail: ['Type your email address to confirm'] } } : null,
    );
    if (missing) return;
    remove.reset();
    remove.mutate({ confirmEmail: email });
  }

  return (
    <section aria-labelledby="delete-account-h" className="danger-zone my-data-part">
      <h2 id="delete-account-h">Delete your account</h2>
      <p>
        You are erased from every workspace you are in: your messages, edits and reactions are destroyed (the
        key they are encrypted under is, so no copy can be read, backups included), your memberships and
        notifications are removed, and what the workspaces must keep is kept under a pseudonym. Then your
        account goes and you are signed out everywhere. This cannot be undone.
      </p>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={preview.isFetching}
          onClick={() => {
            if (reviewing) void preview.refetch();
            else setReviewing(true);
          }}
        >
          Review what would be deleted
        </button>
      </div>
      {!reviewing ? null : preview.isPending ? (
        <Loading what="what would be deleted" />
      ) : preview.error ? (
        <FormError error={toShownError(preview.error)} />
      ) : (
        <>
          <h3>From your account</h3>
          <ul>
            {accountInWords(preview.data.account).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {preview.data.workspaces.length === 0 ? (
            <p className="muted">You are in no workspace: only your account is deleted.</p>
          ) : (
            preview.data.workspaces.map((w) => <ErasurePlan key={w.workspaceId} plan={w} who="self" />)
          )}
          {blocked.length ? (
            <div id="delete-blocked" className="erasure-blocked">
              <p>
                <strong>Your account cannot be deleted yet:</strong>
              </p>
              <ul>
                {blocked.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <form onSubmit={onSubmit} noValidate aria-label="Confirm deleting your account">
            <Field
              label="Your email address"
              name="confirmEmail"
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={error}
              hint={`Type ${user.email} to confirm.`}
            />
            <FormError error={error} />
            <div className="row">
              <button
                type="submit"
                className="danger"
                disabled={blocked.length > 0 || remove.isPending}
                aria-describedby={blocked.length ? 'delete-blocked' : undefined}
              >
                {remove.isPending ? 'Deleting your account…' : 'Delete my account'}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

/** What the page shows once the account is gone: the receipt (its only copy) and the way out. */
export function AccountDeleted({ signed }: { signed: SignedReceipt }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form the person was in is gone: focus goes to what replaced it.
  useEffect(() => heading.current?.focus(), []);
  const { receipt } = signed;
  return (
    <section aria-labelledby="account-deleted-h" className="erasure-done">
      <h1 id="account-deleted-h" ref={heading} tabIndex={-1}>
        Your account is deleted
      </h1>
      <p role="status">
        You were erased from{' '}
        {receipt.workspaces.length === 1 ? '1 workspace' : `${receipt.workspaces.length} workspaces`} on{' '}
        <time dateTime={receipt.erasedAt}>{shownAt(receipt.erasedAt)}</time>, and you are signed out on every
        device.
      </p>
      <p>
        Download the receipt and keep it: it is signed, and each workspace&apos;s audit log records its part,
        so it shows what was erased and what was kept. Your account is gone, so it cannot be shown again.
      </p>
      {receipt.workspaces.length ? (
        <ul aria-label="Erased from">
          {receipt.workspaces.map((w) => (
            <li key={w.workspaceId}>
              {w.workspace}, now <code className="erasure-pseudonym">{w.pseudonym}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="row">
        <DownloadReceipt signed={signed} />
        <Link href="/sign-in">Go to the sign-in page</Link>
      </div>
      <p className="muted">Receipt {receipt.id}</p>
    </section>
  );
}
