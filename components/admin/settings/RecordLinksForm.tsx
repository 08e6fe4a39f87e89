'use client';
import { useId, useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import type { ShownError } from '@/components/client/errors';
import { Field, FormError } from '@/components/ui/field';
import { isRecordTemplate, RECORD_LINKS, RECORD_TYPE } from '@/shared/record-links';
import { useAdmin } from '../admin-context';

type Row = { key: number; type: string; template: string };

/** A row's problem in the shape `Field` shows under its input. */
const fieldError = (name: string, message: string | undefined): ShownError | null =>
  message ? { message: '', fieldErrors: { [name]: [message] } } : null;

/** Each row's problem in words, or null; checked here with the server's own rule (shared/). */
function problems(rows: Row[]): Map<number, { type?: string; template?: string }> {
  const out = new Map<number, { type?: string; template?: string }>();
  const seen = new Set<string>();
  for (const r of rows) {
    const p: { type?: string; template?: string } = {};
    if (!RECORD_TYPE.test(r.type)) p.type = 'Lower-case letters, digits, _ . and -, starting with a letter';
    else if (seen.has(r.type)) p.type = 'This type has a link already';
    if (!isRecordTemplate(r.template.trim()))
      p.template = 'A web address starting with https:// and containing {id}';
    seen.add(r.type);
    if (p.type || p.template) out.set(r.key, p);
  }
  return out;
}

/**
 * Where a record conversation's header links to: the host app's page for the record, per type.
 * The types already in use are offered as suggestions.
 */
export function RecordLinksForm({ links }: { links: Record<string, string> }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const listId = useId();
  const types = trpc.channel.subjectTypes.useQuery({ workspaceId: ws.id });
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(links).map(([type, template], key) => ({ key, type, template })),
  );
  const [next, setNext] = useState(rows.length);
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  const update = trpc.workspace.update.useMutation({
    onSuccess: () => {
      setSaved(true);
      return Promise.all([utils.workspace.get.invalidate(), utils.workspace.listMine.invalidate()]);
    },
  });
  const wrong = checked ? problems(rows) : new Map<number, { type?: string; template?: string }>();
  const edit = (key: number, change: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    setSaved(false);
    if (problems(rows).size > 0) return;
    const recordLinks = Object.fromEntries(rows.map((r) => [r.type, r.template.trim()]));
    update.mutate({ workspaceId: ws.id, settings: { recordLinks } });
  }

  return (
    <section aria-labelledby="record-links-h">
      <h2 id="record-links-h">Record links</h2>
      <p className="muted">
        A conversation about a record of your app (an invoice, an order) links back to the record&apos;s page.
        Write the page&apos;s address with <code>{RECORD_LINKS.placeholder}</code> where the record&apos;s id
        goes.
      </p>
      <form onSubmit={onSubmit} aria-label="Record links" noValidate className="record-links">
        <datalist id={listId}>
          {(types.data ?? []).map((t) => (
            <option key={t.type} value={t.type} />
          ))}
        </datalist>
        {rows.length === 0 ? <p className="muted">No record links yet.</p> : null}
        {rows.map((r, i) => (
          <fieldset key={r.key} className="record-link-row">
            <legend className="sr-only">Record link {i + 1}</legend>
            <Field
              label="Record type"
              name="type"
              value={r.type}
              list={listId}
              error={fieldError('type', wrong.get(r.key)?.type)}
              onChange={(e) => edit(r.key, { type: e.target.value.trim().toLowerCase() })}
            />
            <Field
              label="Page address"
              name="template"
              value={r.template}
              placeholder="https://app.example.com/invoices/{id}"
              error={fieldError('template', wrong.get(r.key)?.template)}
              onChange={(e) => edit(r.key, { template: e.target.value })}
            />
            <button
              type="button"
              className="secondary"
              aria-label={`Remove the link of ${r.type || `row ${i + 1}`}`}
              onClick={() => (setSaved(false), setRows((rs) => rs.filter((x) => x.key !== r.key)))}
            >
              Remove
            </button>
          </fieldset>
        ))}
        <div className="row">
          <button
            type="button"
            className="secondary"
            disabled={rows.length >= RECORD_LINKS.max}
            onClick={() => {
              setRows((rs) => [...rs, { key: next, type: '', template: '' }]);
              setNext(next + 1);
            }}
          >
            Add a record type
          </button>
          <button type="submit" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save record links'}
          </button>
          <span role="status" className="ok">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        <FormError error={toShownError(update.error)} />
      </form>
    </section>
  );
}
