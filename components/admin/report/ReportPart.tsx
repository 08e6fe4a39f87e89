'use client';
import { Table } from '@/components/ui/table';
import type { Report } from './ReportHeader';

type Section = Report['sections'][number];

/** The status in words: the badge never relies on its colour alone. */
const STATUS: Record<Section['status'], string> = {
  in_force: 'In force',
  attention: 'Needs attention',
  off: 'Not configured',
};

/** One part of the report: its status, the controls it answers, its facts, notes and table. */
export function ReportPart({ section }: { section: Section }) {
  const { id, title, status, controls, facts, notes, table } = section;
  const h = `report-${id}-h`;
  return (
    <section aria-labelledby={h} className="report-part">
      <div className="report-part-head">
        <h2 id={h}>{title}</h2>
        <p className={`report-status report-status-${status}`}>
          <span className="sr-only">Status: </span>
          {STATUS[status]}
        </p>
      </div>
      <ul className="report-controls" aria-label={`Controls: ${title}`}>
        {controls.map((c) => (
          <li key={`${c.framework} ${c.ref}`}>
            <strong>
              {c.framework} {c.ref}
            </strong>{' '}
            · {c.name}
          </li>
        ))}
      </ul>
      <dl className="report-facts">
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      {notes.length === 0 ? null : status === 'attention' ? (
        <div role="alert" className="report-notes report-notes-attention">
          <NoteList notes={notes} />
        </div>
      ) : (
        <div className="report-notes">
          <NoteList notes={notes} />
        </div>
      )}
      {table ? <PartTable table={table} /> : null}
    </section>
  );
}

function NoteList({ notes }: { notes: string[] }) {
  return (
    <ul>
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/** The section's rows, the first cell naming its row; an empty table says so in a line. */
function PartTable({ table }: { table: NonNullable<Section['table']> }) {
  if (table.rows.length === 0) return <p className="muted">{table.caption}: none.</p>;
  return (
    <Table caption={table.caption} columns={table.columns}>
      {table.rows.map((row, i) => (
        // Rows have no id of their own, and the report is drawn whole each time: their order is theirs.
        <tr key={i}>
          {row.map((cell, j) =>
            j === 0 ? (
              <th key={j} scope="row">
                {cell}
              </th>
            ) : (
              <td key={j}>{cell}</td>
            ),
          )}
        </tr>
      ))}
    </Table>
  );
}
