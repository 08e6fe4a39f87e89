'use client';
import { useState } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { useAdmin } from './admin-context';
import { auditColumns, AuditRow, type AuditEntry } from './AuditRow';
import { ago } from './dates';
import { FormProblem } from './FormProblem';

type Verify = RouterOutputs['audit']['verify'];

/**
 * Recomputes the hash chain on the server and, when it is broken, shows the first bad entry; says
 * how old the newest signed checkpoint is, whether the copy kept outside the database agrees, and
 * what the check could not prove.
 */
export function VerifyChain({ names }: { names: Map<string, string> }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [result, setResult] = useState<{ verify: Verify; broken: AuditEntry | null } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);

  async function verify() {
    setPending(true);
    setError(null);
    setResult(null);
    try {
      // Straight to the server every time: a cached answer would prove nothing.
      const v = await utils.client.audit.verify.query({ workspaceId: ws.id });
      let broken: AuditEntry | null = null;
      if (!v.ok && v.brokenAt) {
        // Pages run newest first below a cursor: the page below brokenAt + 1 starts at brokenAt
        // (absent when the entry is the one that is missing).
        const page = await utils.client.audit.list.query({
          workspaceId: ws.id,
          cursor: String(BigInt(v.brokenAt) + 1n),
          limit: 1,
        });
        broken = page.items.find((e) => e.seq === v.brokenAt) ?? null;
      }
      setResult({ verify: v, broken });
    } catch (e) {
      setError(toShownError(e));
    } finally {
      setPending(false);
    }
  }

  const v = result?.verify;
  return (
    <section aria-labelledby="verify-h">
      <h2 id="verify-h">Integrity</h2>
      <div className="row">
        <button type="button" onClick={() => void verify()} disabled={pending}>
          {pending ? 'Verifying…' : 'Verify chain'}
        </button>
        <div role="status" aria-live="polite">
          {v ? (
            v.ok ? (
              <span className="ok">
                Chain OK: {v.checked} entries verified
                {v.checkpoint ? `, signed checkpoint at #${v.checkpoint.seq}` : ''}
                {v.prunedBefore
                  ? `, from #${v.prunedBefore} (earlier entries were pruned by audit retention)`
                  : ''}
                .
              </span>
            ) : (
              <span className="form-error">
                Chain broken at #{v.brokenAt ?? '?'}: {v.reason ?? 'unknown reason'} ({v.checked} entries
                verified before it).
              </span>
            )
          ) : null}
          {v ? <Findings v={v} /> : null}
        </div>
      </div>
      <FormProblem error={error} />
      {v && !v.ok ? (
        result?.broken ? (
          <Table label="First broken entry" caption="First broken entry" columns={auditColumns}>
            <AuditRow e={result.broken} names={names} />
          </Table>
        ) : (
          <p className="muted">Entry #{v.brokenAt ?? '?'} is not in the log any more.</p>
        )
      ) : null}
    </section>
  );
}

/** The checkpoint's age, the external copy and the warnings, in plain words. */
function Findings({ v }: { v: Verify }) {
  return (
    <>
      <p className="muted">
        {v.checkpoint
          ? `Newest signed checkpoint: #${v.checkpoint.seq}, signed ${ago(v.checkpoint.ageSeconds)}.`
          : 'No checkpoint has been signed yet.'}{' '}
        {v.copy?.consulted
          ? v.copy.agrees
            ? `The copy of the checkpoints kept outside the database agrees (${v.copy.checkpoints} checkpoint${v.copy.checkpoints === 1 ? '' : 's'}).`
            : 'The copy of the checkpoints kept outside the database does not agree with it.'
          : null}
      </p>
      {v.warnings.length > 0 ? (
        <ul className="verify-warnings" aria-label="Warnings">
          {v.warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
