import { Table } from '@/components/ui/table';
import { showTime } from '../dates';
import { countsInWords, formatShort, rangeInWords, sizeInWords, statusLabel, type Export } from './words';

/** The newest exports: who asked, what for, how far it got, and the requester's download link. */
export function ExportsTable({ list }: { list: readonly Export[] }) {
  return (
    <Table
      label="Exports"
      columns={['Requested', 'By', 'What', 'Formats', 'Status', 'Size', 'Expires', 'Download']}
    >
      {list.map((e) => (
        <ExportRow key={e.id} e={e} />
      ))}
    </Table>
  );
}

function ExportRow({ e }: { e: Export }) {
  const requested = showTime(e.createdAt);
  const summary = e.status === 'done' ? countsInWords(e.counts) : null;
  return (
    <tr>
      <th scope="row">
        <time dateTime={e.createdAt}>{requested}</time>
      </th>
      <td>{e.requestedBy.name}</td>
      <td>
        {rangeInWords(e.options)}
        {e.options.conversationIds ? (
          <>
            ,{' '}
            {e.options.conversationIds.length === 1
              ? '1 channel'
              : `${e.options.conversationIds.length} channels`}
          </>
        ) : null}
        {e.options.includeDeleted ? ', deleted messages included' : null}
      </td>
      <td>{e.options.formats.map((f) => formatShort[f]).join(', ')}</td>
      <td>
        <ExportStatus e={e} requested={requested} />
        {summary ? <div className="muted">{summary}</div> : null}
      </td>
      <td>{e.status === 'done' && e.bytes !== null ? sizeInWords(e.bytes) : '—'}</td>
      <td>{e.expiresAt ? <time dateTime={e.expiresAt}>{showTime(e.expiresAt)}</time> : '—'}</td>
      <td>
        {e.downloadPath ? (
          <a href={e.downloadPath} download>
            Download<span className="sr-only"> the export requested {requested}</span>
          </a>
        ) : (
          <span className="muted">{downloadNote(e)}</span>
        )}
      </td>
    </tr>
  );
}

/** Why there is no link: not ready, gone, or someone else's (only the requester downloads). */
function downloadNote(e: Export): string {
  if (e.status === 'queued' || e.status === 'running') return 'Not ready yet';
  if (e.status === 'failed') return '—';
  if (e.expiresAt && Date.parse(e.expiresAt) <= Date.now()) return 'Expired';
  return `Only ${e.requestedBy.name}`;
}

function ExportStatus({ e, requested }: { e: Export; requested: string }) {
  if (e.status === 'running')
    return (
      <>
        {statusLabel.running}{' '}
        <progress
          className="exports-progress"
          max={Math.max(e.total, 1)}
          value={Math.min(e.done, Math.max(e.total, 1))}
          aria-label={`Export requested ${requested}`}
        />
      </>
    );
  if (e.status === 'failed')
    return (
      <>
        {statusLabel.failed}
        {e.error ? <span className="muted">: {e.error}</span> : null}
      </>
    );
  return <>{statusLabel[e.status]}</>;
}
