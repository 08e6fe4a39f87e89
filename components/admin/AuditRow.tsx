import type { RouterOutputs } from '@/components/client/trpc';
import { auditLabel, auditSentence } from '@/shared/audit-actions';
import { showTime } from './dates';

export type AuditEntry = RouterOutputs['audit']['list']['items'][number];

export const auditColumns = ['#', 'Time', 'What happened', 'From', 'Record'];

/** A name the console knows for an id, or a short form of the id (a deleted account, an API key). */
export const namer = (names: Map<string, string>) => (id: string) =>
  names.get(id) ?? `someone (${id.length > 12 ? `${id.slice(0, 8)}…` : id})`;

export function AuditRow({ e, names }: { e: AuditEntry; names: Map<string, string> }) {
  return (
    <tr>
      <td>{e.seq}</td>
      <td>
        <time dateTime={e.createdAt}>{showTime(e.createdAt)}</time>
      </td>
      <td>
        {auditSentence(e, namer(names))}
        <br />
        <small className="muted">{auditLabel(e.action)}</small>
      </td>
      <td>{e.ip ?? <span className="muted">—</span>}</td>
      <td>
        <details className="audit-raw">
          <summary>
            Raw<span className="sr-only"> record of entry {e.seq}</span>
          </summary>
          {/* It scrolls, so keyboard users must be able to reach it. */}
          <pre tabIndex={0} aria-label={`Raw record of entry ${e.seq}`}>
            {JSON.stringify(e, null, 2)}
          </pre>
        </details>
      </td>
    </tr>
  );
}
