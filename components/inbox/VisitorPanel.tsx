'use client';
import Link from 'next/link';
import type { RouterOutputs } from '@/components/client/trpc';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { Notes } from './Notes';
import { Triage } from './Triage';
import { inboxHref } from './use-inbox';

type Detail = RouterOutputs['inbox']['get'];
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** Who the visitor is and where they wrote from, the triage controls, earlier visits and notes. */
export function VisitorPanel({ detail }: { detail: Detail }) {
  const { ws } = useWorkspace();
  const v = detail.visitor;
  const record = detail.subject.type === 'visitor' ? null : detail.subject;
  return (
    <aside className="inbox-panel" aria-label="Visitor">
      <h3 className="inbox-panel-name">{v.name}</h3>
      <p className="muted">{v.anonymous ? 'Anonymous visitor' : 'Signed in on the host site'}</p>
      <dl className="inbox-facts">
        {v.email ? (
          <>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${v.email}`}>{v.email}</a>
            </dd>
          </>
        ) : null}
        {v.externalId ? (
          <>
            <dt>Host user id</dt>
            <dd>
              <code>{v.externalId}</code>
            </dd>
          </>
        ) : null}
        {record ? (
          <>
            <dt>About</dt>
            <dd>
              {record.type} <code>{record.id}</code>
            </dd>
          </>
        ) : null}
        <dt>Wrote from</dt>
        <dd>
          {detail.pageUrl ? (
            <a href={detail.pageUrl} target="_blank" rel="noopener noreferrer" className="inbox-url">
              {detail.pageUrl}
            </a>
          ) : (
            (detail.hostOrigin ?? 'Unknown')
          )}
        </dd>
        <dt>First seen</dt>
        <dd>
          <time dateTime={v.firstSeen}>{when(v.firstSeen)}</time>
        </dd>
      </dl>
      <Triage item={detail} />
      <section aria-labelledby="earlier-title">
        <h3 id="earlier-title">Earlier conversations</h3>
        {detail.earlier.length === 0 ? (
          <p className="muted">This is their first conversation.</p>
        ) : (
          <ul className="inbox-earlier">
            {detail.earlier.map((e) => (
              <li key={e.conversationId}>
                <Link href={inboxHref(ws.slug, e.conversationId)}>{e.title}</Link>{' '}
                <span className="muted">
                  · {e.status} · <time dateTime={e.createdAt}>{when(e.createdAt)}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Notes conversationId={detail.conversationId} />
    </aside>
  );
}
