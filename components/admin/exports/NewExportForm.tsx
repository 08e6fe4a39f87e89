'use client';
import { useId, useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Field, SelectField } from '@/components/ui/field';
import { EXPORT_FORMATS, type ExportFormat } from '@/shared/retention';
import { useAdmin } from '../admin-context';
import { FormProblem } from '../FormProblem';
import { FormatChoice } from './FormatChoice';
import { atFields } from './words';

type Which = 'all' | 'chosen';

/** What a new form starts with: the machine-readable tables and the viewer for people. */
const DEFAULT_FORMATS: readonly ExportFormat[] = ['ndjson', 'html'];

/** The fields this form shows; the server's errors for any other go above the button. */
const FIELDS = ['from', 'to', 'conversationIds', 'formats'];

/** Asks for an export: a date range, the conversations, deleted messages or not, and its formats. */
export function NewExportForm() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const heading = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [which, setWhich] = useState<Which>('all');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const [formats, setFormats] = useState<readonly ExportFormat[]>(DEFAULT_FORMATS);
  const [local, setLocal] = useState<ShownError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // Archived channels too: what was said in them is as much the workspace's as the rest.
  const channels = trpc.channel.list.useQuery(
    { workspaceId: ws.id, includeArchived: true },
    { enabled: which === 'chosen' },
  );
  const create = trpc.compliance.createExport.useMutation({
    onSuccess: () => {
      setNote('The export is asked for: it is listed below, and its progress shows as it is built.');
      return Promise.all([
        utils.compliance.exports.invalidate({ workspaceId: ws.id }),
        utils.audit.invalidate(),
      ]);
    },
  });
  const error = atFields(
    local ?? toShownError(create.error) ?? toShownError(which === 'chosen' ? channels.error : null),
  );

  const touched = () => {
    setNote(null);
    setLocal(null);
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNote(null);
    // Said here, in the page's words; the server would refuse an empty list too.
    if (which === 'chosen' && channelIds.length === 0) {
      setLocal({ message: '', fieldErrors: { conversationIds: ['Choose at least one channel'] } });
      return;
    }
    setLocal(null);
    create.mutate({
      workspaceId: ws.id,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(which === 'chosen' ? { conversationIds: channelIds } : {}),
      includeDeleted,
      // In the order the form lists them, whatever order they were ticked in.
      formats: EXPORT_FORMATS.filter((f) => formats.includes(f)),
    });
  }

  return (
    <form className="stack exports-form" onSubmit={onSubmit} noValidate aria-labelledby={heading}>
      <h2 id={heading}>New export</h2>
      <fieldset className="admin-fieldset">
        <legend>Messages written between (UTC, both days included)</legend>
        <div className="row exports-dates">
          <Field
            label="From"
            name="from"
            type="date"
            value={from}
            onChange={(e) => {
              touched();
              setFrom(e.target.value);
            }}
            error={error}
            hint="Empty: from the first message."
          />
          <Field
            label="To"
            name="to"
            type="date"
            value={to}
            onChange={(e) => {
              touched();
              setTo(e.target.value);
            }}
            error={error}
            hint="Empty: up to now."
          />
        </div>
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Conversations</legend>
        {(['all', 'chosen'] as const).map((w) => (
          <label key={w} className="check">
            <input
              type="radio"
              name="which"
              value={w}
              checked={which === w}
              onChange={() => {
                touched();
                setWhich(w);
              }}
            />
            <span>{w === 'all' ? 'All conversations' : 'Only some channels'}</span>
          </label>
        ))}
        {which === 'chosen' ? (
          <SelectField
            label="Channels"
            name="conversationIds"
            multiple
            size={Math.min(Math.max(channels.data?.length ?? 0, 3), 8)}
            className="exports-channels"
            value={channelIds}
            onChange={(e) => {
              touched();
              setChannelIds(Array.from(e.target.selectedOptions, (o) => o.value));
            }}
            error={error}
            options={(channels.data ?? []).map((c) => ({
              value: c.id,
              label: `#${c.name}${c.archivedAt ? ' (archived)' : ''}`,
            }))}
          />
        ) : null}
        {which === 'chosen' && channels.isPending ? <p className="muted">Loading channels…</p> : null}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          name="includeDeleted"
          checked={includeDeleted}
          onChange={(e) => {
            touched();
            setIncludeDeleted(e.target.checked);
          }}
        />
        <span>Include deleted messages</span>
      </label>
      <FormatChoice
        value={formats}
        onChange={(next) => {
          touched();
          setFormats(next);
        }}
        messages={error?.fieldErrors.formats ?? []}
      />
      <p className="muted">
        The export is a ZIP with a manifest signed with the audit checkpoint key. Only you can download it,
        for a limited time; asking for it and every download are kept in the audit log.
      </p>
      <FormProblem error={error} fields={FIELDS} />
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Starting…' : 'Start export'}
        </button>
        <span role="status" className="ok">
          {note}
        </span>
      </div>
    </form>
  );
}
