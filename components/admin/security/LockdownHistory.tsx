import type { RouterOutputs } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { lockdownModeLabel } from '@/shared/lockdown';

type Past = RouterOutputs['admin']['lockdown']['history'][number];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The latest lockdowns that ended: when, why, and how they ended. */
export function LockdownHistory({ history }: { history: Past[] }) {
  if (history.length === 0) return <p className="muted">No earlier lockdowns.</p>;
  return (
    <details className="lockdown-history">
      <summary>Earlier lockdowns ({history.length})</summary>
      <Table label="Earlier lockdowns" columns={['Started', 'Mode', 'Reason', 'By', 'Ended']}>
        {history.map((l) => (
          <tr key={l.id}>
            <th scope="row">{when(l.startedAt)}</th>
            <td>{lockdownModeLabel[l.mode]}</td>
            <td>{l.reason}</td>
            <td>{l.startedBy.name}</td>
            <td>
              {when(l.endedAt)} {l.endedBy ? `(lifted by ${l.endedBy.name})` : '(ran out)'}
            </td>
          </tr>
        ))}
      </Table>
    </details>
  );
}
