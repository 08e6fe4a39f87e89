'use client';
import { useId, useState } from 'react';
import { can } from '@/shared/roles';
import { useWorkspace } from './workspace-context';

/**
 * Record-linked conversations are listed per record type (the API has no listing across types), so
 * the person names the type they follow; it is remembered in this browser.
 */
export function RecordTypePicker({ type, onType }: { type: string; onType: (t: string) => void }) {
  const { ws } = useWorkspace();
  const id = useId();
  const [draft, setDraft] = useState(type);
  if (!can(ws.role, 'channel.join')) return null;
  return (
    <form
      className="record-type"
      onSubmit={(e) => {
        e.preventDefault();
        onType(draft.trim().toLowerCase());
      }}
    >
      <label htmlFor={id}>Record type</label>
      <input
        id={id}
        value={draft}
        placeholder="e.g. invoice"
        onChange={(e) => setDraft(e.target.value)}
        pattern="[a-z][a-z0-9_.\-]*"
      />
      <button type="submit" className="secondary small">
        Show
      </button>
    </form>
  );
}
