'use client';
import { useId, useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { ChannelSelect } from './ChannelSelect';
import { useAdmin } from '../admin-context';
import { FormProblem } from '../FormProblem';
import { RuleChoice } from './RuleChoice';
import { daysOf, draftOfDays, type Retention, type RuleDraft } from './rules';

/** Gives one channel a rule of its own (or changes the one it has): days, or for ever. */
export function ChannelRuleForm({
  channels: rules,
  onSaved,
}: {
  /** The channels' rules now: choosing one of them starts from its rule. */
  channels: Retention['channels'];
  onSaved: () => void;
}) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const heading = useId();
  // Channels only (channel.list), archived ones too: their messages are kept or deleted like any.
  const channels = trpc.channel.list.useQuery({ workspaceId: ws.id, includeArchived: true });
  const [channelId, setChannelId] = useState('');
  const [draft, setDraft] = useState<RuleDraft>(() => draftOfDays(null));
  const [local, setLocal] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = trpc.compliance.setChannelRetention.useMutation({
    onSuccess: (data, input) => {
      const name = data.channels.find((c) => c.conversationId === input.conversationId)?.name;
      setSaved(`${name ?? 'The channel'} has its own rule now.`);
      onSaved();
      utils.compliance.retention.setData({ workspaceId: ws.id }, data);
      return utils.audit.invalidate();
    },
  });
  const error = local ?? toShownError(save.error) ?? toShownError(channels.error);

  const choose = (id: string) => {
    setSaved(null);
    setChannelId(id);
    const own = rules.find((r) => r.conversationId === id);
    if (own) setDraft(draftOfDays(own.messageDays));
  };
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(null);
    const r = daysOf(draft);
    const fieldErrors = {
      ...(channelId ? {} : { conversationId: ['Choose a channel'] }),
      ...('error' in r ? r.error.fieldErrors : {}),
    };
    if (Object.keys(fieldErrors).length > 0 || 'error' in r) {
      setLocal({ message: '', fieldErrors });
      return;
    }
    setLocal(null);
    save.mutate({ workspaceId: ws.id, conversationId: channelId, messageDays: r.days });
  }

  return (
    <form className="stack retention-form" onSubmit={onSubmit} noValidate aria-labelledby={heading}>
      <h3 id={heading}>Give a channel its own rule</h3>
      <ChannelSelect channels={channels.data} value={channelId} onChange={choose} error={error} />
      <p className="muted retention-note">
        Private channels are listed only if you are one of their members.
      </p>
      <RuleChoice
        legend="Its messages"
        name="channel-rule"
        labels={{
          forever: 'Keep its messages for ever',
          days: 'Delete its messages older than a number of days',
        }}
        value={draft}
        onChange={(next) => {
          setSaved(null);
          setDraft(next);
        }}
        error={error}
      />
      <FormProblem error={error} fields={['conversationId', 'messageDays']} />
      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? (
            'Saving…'
          ) : (
            <>
              Save<span className="sr-only"> the channel&apos;s rule</span>
            </>
          )}
        </button>
        <span role="status" className="ok">
          {saved}
        </span>
      </div>
    </form>
  );
}
