'use client';
import { useState, type FormEvent } from 'react';
import { formText } from '@/components/client/form';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs, type Workspace } from '@/components/client/trpc';
import { WorkspaceGate } from '@/components/client/workspace-gate';
import { Field, FormError, Loading, SelectField } from '@/components/ui/field';

type Verify = RouterOutputs['audit']['verify'];

// Suggestions only: the filter takes any action name.
const KNOWN_ACTIONS = [
  'workspace.create',
  'workspace.update',
  'member.invite',
  'member.invitation_revoke',
  'member.join',
  'member.role_change',
  'member.remove',
  'member.leave',
  'apiKey.create',
  'apiKey.revoke',
  'auth.sign_in',
  'auth.sign_in_failed',
  'authz.denied',
];

export default function AuditPage() {
  return (
    <div className="pane">
      <WorkspaceGate>{(ws) => <Audit ws={ws} />}</WorkspaceGate>
    </div>
  );
}

function Audit({ ws }: { ws: Workspace }) {
  const [filters, setFilters] = useState<{ action?: string; actorId?: string }>({});
  const members = trpc.member.list.useQuery({ workspaceId: ws.id });
  const names = new Map(members.data?.map((m) => [m.userId, m.name]));
  const log = trpc.audit.list.useInfiniteQuery(
    { workspaceId: ws.id, limit: 50, ...filters },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const error = toShownError(log.error);

  function onFilter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const action = formText(form, 'action').trim();
    const actorId = formText(form, 'actorId');
    setFilters({ ...(action ? { action } : {}), ...(actorId ? { actorId } : {}) });
  }

  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {/* The workspace layout holds the page's h1 (the workspace name). */}
      <h2>Audit log</h2>
      <VerifyChain ws={ws} />

      <form className="row" onSubmit={onFilter} aria-label="Filter the audit log">
        <Field label="Action" name="action" list="audit-actions" error={error} placeholder="any" />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <SelectField
          label="Actor"
          name="actorId"
          error={error}
          defaultValue=""
          options={[
            { value: '', label: 'Anyone' },
            ...(members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
          ]}
        />
        <button type="submit">Apply filters</button>
      </form>

      <FormError error={error} />
      {log.isPending ? (
        <Loading what="the audit log" />
      ) : items.length === 0 && !log.error ? (
        <p className="muted">No entries match.</p>
      ) : (
        <table aria-label="Audit entries">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>
                  <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
                </td>
                <td>{e.actorId ? (names.get(e.actorId) ?? `${e.actorType} ${e.actorId}`) : e.actorType}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.targetType
                    ? `${e.targetType} ${e.targetId ? (names.get(e.targetId) ?? e.targetId) : ''}`
                    : '—'}
                </td>
                <td>{e.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage ? (
        <button
          type="button"
          className="secondary"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </>
  );
}

function VerifyChain({ ws }: { ws: Workspace }) {
  const utils = trpc.useUtils();
  const [result, setResult] = useState<Verify | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);

  async function verify() {
    setPending(true);
    setError(null);
    setResult(null);
    try {
      // Straight to the server every time: a cached answer would prove nothing.
      setResult(await utils.client.audit.verify.query({ workspaceId: ws.id }));
    } catch (e) {
      setError(toShownError(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="verify-h">
      <h2 id="verify-h">Integrity</h2>
      <div className="row">
        <button type="button" onClick={() => void verify()} disabled={pending}>
          {pending ? 'Verifying…' : 'Verify chain'}
        </button>
        <div role="status" aria-live="polite">
          {result ? (
            result.ok ? (
              <span className="ok">
                Chain OK: {result.checked} entries verified
                {result.checkpoint ? `, signed checkpoint at #${result.checkpoint.seq}` : ''}.
              </span>
            ) : (
              <span className="form-error">
                Chain broken at #{result.brokenAt}: {result.reason}
              </span>
            )
          ) : null}
        </div>
      </div>
      <FormError error={error} />
    </section>
  );
}
