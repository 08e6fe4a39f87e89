'use client';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { requestedInWords, scopeInWords, shownAt } from '@/components/privacy/words';
import { FormError } from '@/components/ui/field';
import { Table } from '@/components/ui/table';
import { useAdmin } from '../admin-context';
import { QueryState } from '../QueryState';
import { ErasePerson } from './ErasePerson';
import '@/components/privacy/privacy.css';
import './privacy.css';

/**
 * The console's Privacy requests page: erasing a person at their request (after the dry run),
 * and the erasures done in this workspace, by an admin here or by people deleting their account.
 */
export function PrivacySection() {
  const { ws } = useAdmin();
  const erasures = trpc.compliance.erasures.useQuery({ workspaceId: ws.id });
  return (
    <>
      <p className="muted privacy-about">
        What people ask of the workspace under the GDPR. A copy of their data they download themselves, from
        their account page; erasing them is done here at their request, or by them when they delete their
        account.
      </p>
      <ErasePerson />
      <section aria-labelledby="privacy-erasures-h" className="privacy-part">
        <h2 id="privacy-erasures-h">Erasures</h2>
        {erasures.data && erasures.error ? <FormError error={toShownError(erasures.error)} /> : null}
        <QueryState
          query={{ ...erasures, error: erasures.data ? null : erasures.error }}
          what="the erasures"
          empty="Nobody has been erased from this workspace."
        >
          {(list) => (
            <Table label="Erasures" columns={['Pseudonym', 'What', 'Requested', 'Erased']}>
              {list.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <code className="erasure-pseudonym">{e.pseudonym}</code>
                  </th>
                  <td>{scopeInWords(e.scope)}</td>
                  <td>{requestedInWords(e.requestedBy, 'other')}</td>
                  <td>
                    <time dateTime={e.erasedAt}>{shownAt(e.erasedAt)}</time>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </QueryState>
      </section>
    </>
  );
}
