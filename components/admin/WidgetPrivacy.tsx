'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { Field, TextArea } from '@/components/ui/field';
import { WIDGET_LIMITS } from '@/shared/limits';
import { useAdmin } from './admin-context';
import { FormProblem } from './FormProblem';

type Privacy = RouterOutputs['widget']['settings']['privacy'];

/**
 * The host's privacy notice in the widget, and whether visitors must agree to it before chatting
 * (their consent is recorded and audited; a changed notice asks them again).
 */
export function WidgetPrivacy({ privacy }: { privacy: Privacy }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState({
    text: privacy.noticeText,
    url: privacy.noticeUrl ?? '',
    required: privacy.requireConsent,
  });
  const [saved, setSaved] = useState(false);
  const update = trpc.widget.update.useMutation({
    onSuccess: (data) => {
      setSaved(true);
      utils.widget.settings.setData({ workspaceId: ws.id }, data);
    },
  });
  const error = toShownError(update.error);
  const messagesOf = (key: string) => error?.fieldErrors[`privacy.${key}`] ?? [];
  const set = (patch: Partial<typeof draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    update.mutate({
      workspaceId: ws.id,
      privacy: {
        noticeText: draft.text,
        noticeUrl: draft.url.trim() || null,
        requireConsent: draft.required,
      },
    });
  }
  return (
    <form className="stack admin-widget-part" onSubmit={onSubmit} noValidate aria-label="Privacy notice">
      <h3>Privacy notice</h3>
      <TextArea
        label="What visitors read"
        rows={3}
        maxLength={WIDGET_LIMITS.noticeMax}
        value={draft.text}
        onChange={(e) => set({ text: e.target.value })}
        messages={messagesOf('noticeText')}
        hint={`Shown under the chat, or before it when consent is required; at most ${WIDGET_LIMITS.noticeMax} characters.`}
      />
      <Field
        label="Link to your full privacy notice"
        name="privacy.noticeUrl"
        type="url"
        placeholder="https://app.example.com/privacy"
        value={draft.url}
        onChange={(e) => set({ url: e.target.value })}
        error={error}
        hint="Optional. It opens in a new tab."
      />
      <label className="admin-check">
        <input
          type="checkbox"
          checked={draft.required}
          onChange={(e) => set({ required: e.target.checked })}
        />
        Visitors must agree to it before they chat
      </label>
      {messagesOf('requireConsent').map((m) => (
        <p key={m} className="form-error">
          {m}
        </p>
      ))}
      <p className="muted">
        Each visitor&apos;s agreement is recorded with the time and the notice they agreed to, and appears in
        the audit log; changing the notice asks everyone again.
      </p>
      <FormProblem
        error={error}
        fields={['privacy.noticeText', 'privacy.noticeUrl', 'privacy.requireConsent']}
      />
      <div className="row">
        <button type="submit" disabled={update.isPending}>
          Save the privacy notice
        </button>
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
