import { useEffect, useRef, useState } from 'react';
import type { ShownError } from '@/components/client/errors';
import { POLICY_LIMITS } from '@/shared/policy';
import { newFilterId, type Filter, type Placed } from './draft';
import { FilterRow } from './FilterRow';

/** The workspace's own patterns: a list of up to POLICY_LIMITS.filters, added and removed in place. */
export function FiltersPart({
  filters,
  onChange,
  placed,
  error,
}: {
  filters: Filter[];
  onChange: (filters: Filter[]) => void;
  placed: Placed;
  error: ShownError | null;
}) {
  const [added, setAdded] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // After a removal (once drawn, so a list that was full has its button enabled again), keyboard
  // users continue from "Add a filter": the button that had the focus is gone.
  const [removals, setRemovals] = useState(0);
  useEffect(() => {
    if (removals > 0) addButton.current?.focus();
  }, [removals]);
  const full = filters.length >= POLICY_LIMITS.filters;
  const listErrors = error?.fieldErrors.filters ?? [];

  function add() {
    const id = newFilterId();
    setAdded(id);
    onChange([...filters, { id, name: '', pattern: '', caseSensitive: false, action: 'flag' }]);
  }
  function remove(id: string) {
    onChange(filters.filter((f) => f.id !== id));
    setRemovals((n) => n + 1);
  }

  return (
    <section aria-labelledby="security-filters-h" className="security-part">
      <h2 id="security-filters-h">Content filters</h2>
      {filters.length === 0 ? (
        <p className="muted">
          No content filters yet. A filter is a pattern of your own (a project&apos;s code name, a
          rival&apos;s name) checked against every message and edit, with one of the actions above for what
          matches. Patterns in RE2 syntax; no backreferences or lookarounds.
        </p>
      ) : (
        <p className="muted">
          Patterns in RE2 syntax; no backreferences or lookarounds. Matched anywhere in the text:{' '}
          <code>\b</code> marks a word&apos;s edge. At most {POLICY_LIMITS.filters}.
        </p>
      )}
      {filters.map((f, i) => (
        <FilterRow
          key={f.id}
          filter={f}
          index={i}
          errors={placed.filter(f.id)}
          focusOnMount={f.id === added}
          onChange={(change) => onChange(filters.map((x) => (x.id === f.id ? { ...x, ...change } : x)))}
          onRemove={() => remove(f.id)}
        />
      ))}
      {listErrors.length > 0 ? (
        <p role="alert" className="field-error">
          {listErrors.join(' ')}
        </p>
      ) : null}
      <div className="row">
        <button ref={addButton} type="button" className="secondary" disabled={full} onClick={add}>
          Add a filter
        </button>
        {full ? <span className="muted">This workspace has the most filters it may have.</span> : null}
      </div>
    </section>
  );
}
