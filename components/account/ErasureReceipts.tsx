'use client';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { DownloadReceipt } from '@/components/privacy/download';
import { requestedInWords, scopeInWords, shownAt } from '@/components/privacy/words';
import { FormError, Loading } from '@/components/ui/field';
import '@/components/privacy/privacy.css';

/**
 * The person's erasure receipts: an admin erased them from a workspace at their request (their
 * account stays). Each is signed and anchored in the audit logs it names, so it proves what went.
 */
export function ErasureReceipts() {
  const list = trpc.privacy.receipts.useQuery();
  return (
    <section aria-labelledby="erasure-receipts-h" className="my-data-part">
      <h2 id="erasure-receipts-h">Erasure receipts</h2>
      <p className="muted">
        When an admin erases you from a workspace, you get a signed receipt of what was erased and what was
        kept. Each workspace&apos;s audit log records it, so the receipt can be checked against it later.
      </p>
      {list.isPending ? (
        <Loading what="your receipts" />
      ) : list.error ? (
        <FormError error={toShownError(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="muted">You have no erasure receipts.</p>
      ) : (
        <ul className="erasure-receipts" aria-label="Your erasure receipts">
          {list.data.map((r) => (
            <li key={r.id}>
              <span>
                <strong>{scopeInWords(r.scope)}</strong>
                {r.workspaces.length ? `: ${r.workspaces.join(', ')}` : null}
                <span className="muted">
                  {' '}
                  · {requestedInWords(r.requestedBy, 'self')} ·{' '}
                  <time dateTime={r.erasedAt}>{shownAt(r.erasedAt)}</time>
                </span>
              </span>
              <DownloadReceipt
                signed={{ receipt: r.receipt, signature: r.signature }}
                what={`of ${shownAt(r.erasedAt)}`}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
