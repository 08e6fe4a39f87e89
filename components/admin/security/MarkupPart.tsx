import type { ShownError } from '@/components/client/errors';
import { SelectField } from '@/components/ui/field';
import { MARKUP_OPTIONS, pick } from './actions';
import type { MarkupAction } from './draft';

/** HTML and script patterns in messages: never drawn as HTML, so the rule can only record them. */
export function MarkupPart({
  markup,
  onChange,
  error,
}: {
  markup: MarkupAction;
  onChange: (markup: MarkupAction) => void;
  error: ShownError | null;
}) {
  return (
    <section aria-labelledby="security-markup-h" className="security-part">
      <h2 id="security-markup-h">Markup and scripts</h2>
      <p className="muted">
        Tags like <code>&lt;script&gt;</code> or <code>&lt;iframe&gt;</code>, event handlers and{' '}
        <code>javascript:</code> links. Messages always render as text; this only records it.
      </p>
      <SelectField
        label="Messages with markup"
        name="markup"
        value={markup}
        options={MARKUP_OPTIONS}
        error={error}
        onChange={(e) => onChange(pick(MARKUP_OPTIONS, e.target.value, markup))}
      />
    </section>
  );
}
