import type { RouterOutputs } from '@/components/client/trpc';
import { showTime } from './dates';

export type AuditEntry = RouterOutputs['audit']['list']['items'][number];

export const auditColumns = ['#', 'Time', 'Actor', 'Action', 'Target', 'Details'];

const actorOf = (e: AuditEntry, names: Map<string, string>) =>
  e.actorId ? (names.get(e.actorId) ?? `${e.actorType} ${e.actorId}`) : e.actorType;

const targetOf = (e: AuditEntry, names: Map<string, string>) =>
  e.targetType ? `${e.targetType} ${e.targetId ? (names.get(e.targetId) ?? e.targetId) : ''}`.trim() : '—';

export function AuditRow({ e, names }: { e: AuditEntry; names: Map<string, string> }) {
  const data = e.data === null || e.data === undefined ? null : JSON.stringify(e.data);
  return (
    <tr>
      <td>{e.seq}</td>
      <td>
        <time dateTime={e.createdAt}>{showTime(e.createdAt)}</time>
      </td>
      <td>{actorOf(e, names)}</td>
      <td>
        <code>{e.action}</code>
      </td>
      <td>{targetOf(e, names)}</td>
      <td>
        {data && data !== '{}' ? <code>{data}</code> : null}
        {e.ip ? <span className="muted"> IP {e.ip}</span> : null}
      </td>
    </tr>
  );
}
