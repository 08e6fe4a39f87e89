'use client';
import { useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from '../admin-context';
import { showTime } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { RuleChoice } from './RuleChoice';
import {
  daysOf,
  draftOfDays,
  everyInWords,
  type Retention,
  type RetentionQuery,
  type RuleDraft,
} from './rules';

/** The workspace's rule: how long its messages are kept, for ever by default. */
export function MessagesPart({ query }: { query: RetentionQuery }) {
  return (
    <section aria-labelledby="retention-messages-h" className="retention-part">
      <h2 id="retention-messages-h">Messages</h2>
      <QueryState query={query} what="the workspace's rule" empty={null} isEmpty={() => false}>
        {(r) => <WorkspaceRule retention={r} />}
      </QueryState>
    </section>
  );
}

function WorkspaceRule({ retention }: { retention: Retention }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  // Loaded once: the page's polls refresh who set the rule, never what is being typed here.
  const [draft, setDraft] = useState<RuleDraft>(() => draftOfDays(retention.messageDays));
  const [local, setLocal] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = trpc.compliance.setRetention.useMutation({
    onSuccess: (data) => {
      setSaved(true);
      utils.compliance.retention.setData({ workspaceId: ws.id }, data);
      return utils.audit.invalidate();
    },
  });
  const error = local ?? toShownError(save.error);

  const change = (next: RuleDraft) => {
    setSaved(false);
    setDraft(next);
  };
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const r = daysOf(draft);
    if ('error' in r) {
      setLocal(r.error);
      return;
    }
    setLocal(null);
    save.mutate({ workspaceId: ws.id, messageDays: r.days });
  }

  return (
    <form className="stack retention-form" onSubmit={onSubmit} noValidate aria-label="The workspace's rule">
      <RuleChoice
        legend="Messages in this workspace"
        name="workspace-rule"
        labels={{ forever: 'Keep messages for ever', days: 'Delete messages older than a number of days' }}
        value={draft}
        onChange={change}
        error={error}
      />
      <p className="muted">
        {retention.setBy && retention.setAt ? (
          <>
            Set by {retention.setBy.name} on{' '}
            <time dateTime={retention.setAt}>{showTime(retention.setAt)}</time>.
          </>
        ) : (
          'No rule is set: messages are kept for ever.'
        )}
      </p>
      <p className="muted">
        A sweep runs {everyInWords(retention.sweepEverySeconds)} and deletes the messages older than their
        rule. Legal holds keep what they cover, whatever the rule says.
      </p>
      <FormProblem error={error} fields={['messageDays']} />
      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? (
            'Saving…'
          ) : (
            <>
              Save<span className="sr-only"> the workspace&apos;s rule</span>
            </>
          )}
        </button>
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
