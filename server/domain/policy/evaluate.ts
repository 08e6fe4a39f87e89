import { blockedLinks } from '../../../shared/blocked-domains';
import { compileFilter, runFilters, type CompiledFilter } from '../../../shared/content-filter';
import { scanText, type DlpMatch } from '../../../shared/dlp';
import { detectMarkup } from '../../../shared/markup';
import { utf8Length } from '../../../shared/message-body';
import {
  detectorInWords,
  DETECTORS,
  policyWords,
  strongest,
  type DetectorId,
  type PolicyAction,
} from '../../../shared/policy';
import { AppError } from '../../lib/errors';
import type { SecurityPolicy } from './schemas';

export type HitSource = 'detector' | 'filter' | 'domain' | 'markup' | 'limit';
/** One rule that matched, as policy_hit stores it: never the matched text itself. */
export interface PolicyHit {
  source: HitSource;
  rule: string;
  action: Exclude<PolicyAction, 'off'>;
}
export interface Verdict {
  /** The strongest action of the hits ('off': nothing matched). */
  action: PolicyAction;
  /** The text to store: with every match of a redacting rule masked. */
  text: string;
  hits: PolicyHit[];
  /** What the sender is told ("A payment card number was masked"), or null. */
  notice: string | null;
}

interface Span {
  start: number;
  end: number;
  mask: string;
}

const compiled = (policy: SecurityPolicy): { filter: CompiledFilter; action: PolicyAction; name: string }[] =>
  policy.filters
    .filter((f) => f.action !== 'off')
    .flatMap((f) => {
      try {
        return [{ filter: compileFilter(f), action: f.action, name: f.name }];
      } catch {
        // Saved patterns were checked; one that no longer compiles (a library change) is skipped.
        return [];
      }
    });

/** One hit in words ("payment card numbers", "a link to example.com"). */
export const hitInWords = (h: Pick<PolicyHit, 'source' | 'rule'>, policy: SecurityPolicy): string => {
  if (h.source === 'detector') return detectorInWords(h.rule as DetectorId);
  if (h.source === 'filter')
    return `text matching the filter “${policy.filters.find((f) => f.id === h.rule)?.name ?? h.rule}”`;
  if (h.source === 'domain') return `a link to ${h.rule}`;
  if (h.source === 'limit') return 'more text than this workspace allows';
  return 'markup';
};

/**
 * Runs a workspace's policy over one text (a message, an edit, a name): which rules match, what
 * to store, and what to tell the writer. The server's decision; the composer runs the same shared
 * detectors to warn before sending.
 */
export function evaluateText(policy: SecurityPolicy, text: string): Verdict {
  const hits: PolicyHit[] = [];
  const spans: Span[] = [];
  const add = (source: HitSource, rule: string, action: PolicyAction, span?: Span) => {
    if (action === 'off') return;
    if (!hits.some((h) => h.source === source && h.rule === rule)) hits.push({ source, rule, action });
    if (action === 'redact' && span) spans.push(span);
  };
  if (utf8Length(text) > policy.limits.maxMessageBytes) add('limit', 'maxMessageBytes', 'block');

  const enabled = new Set(DETECTORS.filter((d) => policy.detectors[d] !== 'off'));
  const dlp: DlpMatch[] = enabled.size > 0 ? scanText(text, enabled) : [];
  for (const m of dlp) add('detector', m.detector, policy.detectors[m.detector], m);

  const filters = compiled(policy);
  if (filters.length > 0) {
    const { matches } = runFilters(
      text,
      filters.map((f) => f.filter),
    );
    for (const m of matches) {
      const f = policy.filters.find((x) => x.id === m.filterId);
      if (f) add('filter', f.id, f.action, { start: m.start, end: m.end, mask: '[removed]' });
    }
  }
  const { domains, action: linkAction } = policy.blockedDomains;
  if (linkAction !== 'off' && domains.length > 0)
    for (const l of blockedLinks(text, domains))
      add('domain', l.domain, linkAction, { start: l.start, end: l.end, mask: '[link removed]' });
  if (policy.markup !== 'off') for (const m of detectMarkup(text)) add('markup', m.kind, policy.markup);

  const action = strongest(hits.map((h) => h.action));
  const stored = action !== 'block' && spans.length > 0 ? mask(text, spans) : text;
  return { action, text: stored, hits, notice: notice(action, hits, policy) };
}

/** Masks the spans, the earlier (then longer) one winning where two overlap. */
function mask(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const s of sorted) if (!kept.length || s.start >= kept[kept.length - 1]!.end) kept.push(s);
  let out = '';
  let at = 0;
  for (const s of kept) {
    out += text.slice(at, s.start) + s.mask;
    at = s.end;
  }
  return out + text.slice(at);
}

/** What the hits of one action are, in words, once each. */
export const hitsInWords = (hits: readonly PolicyHit[], a: PolicyAction, policy: SecurityPolicy) => [
  ...new Set(hits.filter((h) => h.action === a).map((h) => hitInWords(h, policy))),
];

function notice(action: PolicyAction, hits: PolicyHit[], policy: SecurityPolicy): string | null {
  const list = (a: PolicyAction) => hitsInWords(hits, a, policy);
  if (action === 'block') return policyWords.refused(list('block'));
  const masked = list('redact');
  return masked.length > 0 ? policyWords.masked(masked) : null;
}

/** The refusal a blocked text gets on every entry point, with the reason at the body field. */
export const policyRefusal = (v: Verdict) =>
  new AppError('POLICY_BLOCKED', v.notice ?? 'Not sent: this workspace does not allow that message.', {
    fieldErrors: { body: [v.notice ?? 'Not allowed by this workspace'] },
  });
