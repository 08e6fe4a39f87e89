'use client';
import { useState } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useAdmin } from './admin-context';
import { auditCsv, type CsvEntry } from './audit-csv';
import type { AuditFilter } from './AuditFilters';
import { namer } from './AuditRow';

/** An export beyond this is a job for the API (GET …/audit with a cursor), not a browser tab. */
const MAX_ROWS = 20_000;

/** Downloads the entries that match the filter (every page, not only those on screen) as CSV. */
export function AuditExport({ filter, names }: { filter: AuditFilter; names: Map<string, string> }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [state, setState] = useState<{ busy: boolean; done: string | null; error: ShownError | null }>({
    busy: false,
    done: null,
    error: null,
  });

  async function run() {
    setState({ busy: true, done: null, error: null });
    try {
      const entries: CsvEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await utils.audit.list.fetch({ workspaceId: ws.id, limit: 100, ...filter, cursor });
        entries.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && entries.length < MAX_ROWS);
      const url = URL.createObjectURL(new Blob([auditCsv(entries, namer(names))], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-${ws.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      const capped = cursor ? ` (the first ${MAX_ROWS.toLocaleString()}; narrow the dates for the rest)` : '';
      setState({
        busy: false,
        done: `Exported ${entries.length.toLocaleString()} ${entries.length === 1 ? 'entry' : 'entries'}${capped}.`,
        error: null,
      });
    } catch (err) {
      setState({ busy: false, done: null, error: toShownError(err) });
    }
  }

  return (
    <div className="row">
      <button type="button" className="secondary" disabled={state.busy} onClick={() => void run()}>
        {state.busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <span role="status" className="ok">
        {state.done ?? ''}
      </span>
      <FormError error={state.error} />
    </div>
  );
}
