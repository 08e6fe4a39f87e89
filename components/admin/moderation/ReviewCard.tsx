'use client';
import Link from 'next/link';
import { useId } from 'react';
import { chatHref } from '@/components/workspace/workspace-context';
import { replaceUserMentions } from '@/shared/mentions';
import { REPORT_REASON_LABELS } from '@/shared/moderation';
import { useAdmin } from '../admin-context';
import { showTime } from '../dates';
import { DecisionBar } from './DecisionBar';
import type { Decided, ReviewItem } from './types';
import { causeLabel, decidedLabel } from './words';
import { unnamed } from '@/shared/erasure';

const Time = ({ iso }: { iso: string }) => <time dateTime={iso}>{showTime(iso)}</time>;

/**
 * One message under review: where and when, its author and their trust, why it is here (causes,
 * the rules that matched, the reports), its text, and the decision or the controls to make one.
 */
export function ReviewCard({
  item,
  names,
  onDecided,
}: {
  item: ReviewItem;
  /** Member names by id, for the mentions in the text. */
  names: ReadonlyMap<string, string>;
  onDecided: (r: Decided) => void;
}) {
  const { ws } = useAdmin();
  const headId = useId();
  const { message: m, author, decision } = item;
  const text =
    m.body === null
      ? null
      : replaceUserMentions(m.body, (id) => `@${names.get(id) ?? unnamed(id, 'inline')}`);
  return (
    <li className="review-card" aria-labelledby={headId}>
      <div className="review-head">
        <h3 id={headId}>
          {author.name} in {m.where}
        </h3>
        <p className="review-meta muted">
          <Time iso={m.createdAt} />
          {' · '}
          {m.id ? (
            <Link href={chatHref(ws.slug, m.conversationId, m.id)}>
              Open in the workspace<span className="sr-only"> (the message by {author.name})</span>
            </Link>
          ) : m.held ? (
            <span className="review-held">Held: nobody else has seen it</span>
          ) : (
            <span>Not posted</span>
          )}
        </p>
      </div>
      <ul className="review-chips" aria-label="Why it is here">
        <li className="review-figure">Trust {author.trust}/100</li>
        <li className="review-figure">Score {item.score}</li>
        {item.causes.map((c) => (
          <li key={c} className="review-chip">
            {causeLabel(c, item.reports.length)}
          </li>
        ))}
        {item.hits.map((h) => (
          <li key={`${h.source}:${h.rule}`} className="review-hit">
            {h.label}
          </li>
        ))}
      </ul>
      {m.deleted || text === null ? (
        <p className="tombstone">{m.id ? 'Message deleted' : 'Message discarded'}</p>
      ) : (
        <blockquote className="review-body">{text}</blockquote>
      )}
      {item.reports.length > 0 ? (
        <div className="review-reports">
          <h4>Reports</h4>
          <ul>
            {item.reports.map((r) => (
              <li key={`${r.reporter.id}-${r.createdAt}`}>
                <strong>{REPORT_REASON_LABELS[r.reason]}</strong>
                {' · '}
                {r.reporter.name}
                {' · '}
                <span className="muted">
                  <Time iso={r.createdAt} />
                </span>
                {r.note ? <p className="review-note">“{r.note}”</p> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {item.status === 'open' ? (
        <DecisionBar item={item} onDecided={onDecided} />
      ) : (
        <p className="review-decision">
          <strong>{decidedLabel[item.status]}</strong>
          {decision ? (
            <>
              {' '}
              by {decision.by.name}
              {' · '}
              <Time iso={decision.at} />
              {decision.note ? <span className="review-note"> “{decision.note}”</span> : null}
            </>
          ) : null}
        </p>
      )}
    </li>
  );
}
