'use client';
import { useId } from 'react';
import { trpc } from '@/components/client/trpc';
import { can } from '@/shared/roles';
import { useWorkspace } from './workspace-context';

/**
 * Record-linked conversations are listed per record type, so the person picks the type they
 * follow from those in use (remembered in this browser).
 */
export function RecordTypePicker({ type, onType }: { type: string; onType: (t: string) => void }) {
  const { ws } = useWorkspace();
  const id = useId();
  const allowed = can(ws.role, 'channel.join');
  const types = trpc.channel.subjectTypes.useQuery(
    { workspaceId: ws.id },
    { enabled: allowed, refetchInterval: 120_000 },
  );
  if (!allowed) return null;
  if (types.isPending) return null;
  const list = types.data ?? [];
  // A remembered type whose conversations are gone stays pickable until the person changes it.
  const options = type && !list.some((t) => t.type === type) ? [{ type, conversations: 0 }, ...list] : list;
  if (options.length === 0)
    return <p className="muted record-type">No record conversations yet: they start from your app.</p>;
  return (
    <div className="record-type">
      <label htmlFor={id}>Record type</label>
      {/* Record conversations start in the host app: what is in use is read again on the way in. */}
      <select
        id={id}
        value={type}
        onFocus={() => void types.refetch()}
        onChange={(e) => onType(e.target.value)}
      >
        <option value="">Choose…</option>
        {options.map((t) => (
          <option key={t.type} value={t.type}>
            {t.type} ({t.conversations})
          </option>
        ))}
      </select>
    </div>
  );
}
