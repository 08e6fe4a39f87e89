'use client';
import { useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { FILE_CATEGORIES, FILE_CATEGORY_WORDS, FILE_LIMITS, FILE_STATUS_WORDS } from '@/shared/files';
import { useAdmin } from '../admin-context';
import { FormProblem } from '../FormProblem';
import {
  draftOf,
  FIELDS,
  isChanged,
  prepare,
  type Draft,
  type FileSettings,
  type Unscannable,
} from './draft';

const UNSCANNABLE: readonly { value: Unscannable; label: string; hint: string }[] = [
  {
    value: 'allow',
    label: `Let them through, marked “${FILE_STATUS_WORDS.unscanned}”`,
    hint: 'People can fetch them and see that they were not checked.',
  },
  {
    value: 'block',
    label: 'Block them',
    hint: 'Nobody can fetch them; the uploader is told. While scanning is off, that is every upload.',
  },
];

/**
 * The workspace's file settings as one form, saved together: the largest file (under the
 * deployment's cap), the kinds of file allowed, and what a file that cannot be scanned becomes.
 * Save stays off until something changed; "Discard changes" goes back to what is saved.
 */
export function FileSettingsForm({ settings }: { settings: FileSettings }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  // What this form edits from: the settings loaded, then each version saved here.
  const [base, setBase] = useState(settings);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [local, setLocal] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const update = trpc.attachment.updateSettings.useMutation({
    onSuccess: (data) => {
      setBase(data);
      setDraft(draftOf(data));
      setSaved(true);
      utils.attachment.settings.setData({ workspaceId: ws.id }, data);
      return Promise.all([utils.attachment.limits.invalidate(), utils.audit.invalidate()]);
    },
  });
  const error = local ?? toShownError(update.error);
  const changed = isChanged(draft, base);
  const cap = base.deploymentMaxMb;

  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const toggle = (c: (typeof FILE_CATEGORIES)[number], on: boolean) => {
    const next = new Set(draft.categories);
    if (on) next.add(c);
    else next.delete(c);
    change({ categories: next });
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const r = prepare(draft);
    setLocal(r.errors ? { message: '', fieldErrors: r.errors } : null);
    if (r.input) update.mutate({ workspaceId: ws.id, ...r.input });
  }

  function discard() {
    setDraft(draftOf(base));
    setLocal(null);
    setSaved(false);
    update.reset();
  }

  const categoryErrors = error?.fieldErrors.categories ?? [];
  const unscannableErrors = error?.fieldErrors.unscannable ?? [];
  return (
    <form className="files-form" onSubmit={onSubmit} noValidate aria-label="File settings">
      <Field
        label="Largest file (MB)"
        name="maxMb"
        type="number"
        inputMode="numeric"
        min={FILE_LIMITS.maxMbMin}
        max={cap}
        step={1}
        required
        value={draft.maxMb}
        onChange={(e) => change({ maxMb: e.target.value })}
        error={error}
        hint={`${FILE_LIMITS.maxMbMin} to ${cap}: this deployment takes files of at most ${cap} MB.`}
      />
      <fieldset
        className="admin-fieldset"
        aria-invalid={categoryErrors.length > 0 || undefined}
        aria-describedby={describedBy('files-kinds', categoryErrors)}
      >
        <legend>Kinds of files allowed</legend>
        <p id="files-kinds-hint" className="muted">
          Recognised from the file’s content, whatever its name says. Allow at least one.
        </p>
        {FILE_CATEGORIES.map((c) => (
          <label key={c} className="admin-check">
            <input
              type="checkbox"
              name="categories"
              value={c}
              checked={draft.categories.has(c)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            <span>{FILE_CATEGORY_WORDS[c]}</span>
          </label>
        ))}
        <FieldsetError id="files-kinds-err" messages={categoryErrors} />
      </fieldset>
      <fieldset
        className="admin-fieldset"
        aria-invalid={unscannableErrors.length > 0 || undefined}
        aria-describedby={describedBy('files-unscannable', unscannableErrors)}
      >
        <legend>Files that cannot be scanned</legend>
        <p id="files-unscannable-hint" className="muted">
          When ClamAV is not there, or fails on a file three times.
        </p>
        {UNSCANNABLE.map((o) => (
          <div key={o.value} className="files-choice">
            <label className="admin-check">
              <input
                type="radio"
                name="unscannable"
                value={o.value}
                checked={draft.unscannable === o.value}
                aria-describedby={`files-unscannable-${o.value}`}
                onChange={() => change({ unscannable: o.value })}
              />
              <span>{o.label}</span>
            </label>
            <small id={`files-unscannable-${o.value}`} className="muted">
              {o.hint}
            </small>
          </div>
        ))}
        <FieldsetError id="files-unscannable-err" messages={unscannableErrors} />
      </fieldset>
      <div className="files-save">
        <div className="row">
          <button type="submit" disabled={update.isPending || !changed}>
            {update.isPending ? 'Saving…' : 'Save file settings'}
          </button>
          {changed ? (
            <button type="button" className="secondary" disabled={update.isPending} onClick={discard}>
              Discard changes
            </button>
          ) : null}
          <span role="status" className="ok">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        {!changed && !saved ? <p className="muted files-unchanged">Nothing changed yet.</p> : null}
        <FormProblem error={error} fields={FIELDS} />
      </div>
    </form>
  );
}

/** A fieldset's hint, and its errors when it has them (`<prefix>-hint`, `<prefix>-err`). */
const describedBy = (prefix: string, errors: readonly string[]) =>
  [`${prefix}-hint`, errors.length ? `${prefix}-err` : null].filter(Boolean).join(' ');

function FieldsetError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} role="alert" className="field-error">
      {messages.join(' ')}
    </p>
  );
}
