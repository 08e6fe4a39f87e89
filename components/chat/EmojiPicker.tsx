'use client';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { EMOJI_GROUPS, loadedEmojis, loadEmojis } from './emoji-load';
import { COMMON_EMOJIS, gridMove, searchEmojis, type EmojiEntry } from './emoji-search';

/** Cells per row: the CSS grid has as many columns, and the arrow keys count on it. */
const COLUMNS = 8;

interface Section {
  key: string;
  title: string;
  items: readonly { emoji: string; name: string }[];
}

type Load = { state: 'loading' } | { state: 'ready'; all: EmojiEntry[] } | { state: 'failed' };

/** The full set, loaded when the first picker opens. */
function useEmojiSet(): Load {
  const [load, setLoad] = useState<Load>(() => {
    const all = loadedEmojis();
    return all ? { state: 'ready', all } : { state: 'loading' };
  });
  useEffect(() => {
    if (load.state === 'ready') return;
    let live = true;
    loadEmojis().then(
      (all) => live && setLoad({ state: 'ready', all }),
      () => live && setLoad({ state: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [load.state]);
  return load;
}

/**
 * Keeps the picker inside the message list, which clips what overflows it (CSS containment), and
 * the window: it opens on the side of its button with more room, no taller than that room, and
 * moves sideways off an edge.
 */
function useKeepInside(ref: RefObject<HTMLDivElement | null>, size: unknown) {
  useLayoutEffect(() => {
    const el = ref.current;
    const anchor = el?.parentElement;
    if (!el || !anchor) return;
    el.classList.remove('emoji-picker-up');
    el.style.maxHeight = '';
    el.style.transform = '';
    const margin = 8;
    const box = el.closest('.msg-scroll')?.getBoundingClientRect();
    const top = Math.max(box?.top ?? 0, 0) + margin;
    const bottom = Math.min(box?.bottom ?? window.innerHeight, window.innerHeight) - margin;
    const a = anchor.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const below = bottom - a.bottom;
    const above = a.top - top;
    const up = r.height > below && above > below;
    if (up) el.classList.add('emoji-picker-up');
    const room = up ? above : below;
    if (r.height > room) el.style.maxHeight = `${Math.max(room, 120)}px`;
    if (r.left < margin) el.style.transform = `translateX(${margin - r.left}px)`;
    else if (r.right > window.innerWidth - margin)
      el.style.transform = `translateX(${window.innerWidth - margin - r.right}px)`;
    // Measured again when the full set arrives and the picker grows.
  }, [ref, size]);
}

/**
 * Every emoji, to react with: a search box (focused on open), the common reactions first, then the
 * Unicode groups. The grid is one tab stop (roving tabindex): arrows, Home and End move in it,
 * Enter picks. Escape and a click outside close it; the opener puts focus back.
 */
export function EmojiPicker({
  onPick,
  onClose,
}: {
  onPick: (emoji: string) => void;
  onClose: (how: 'escape' | 'outside') => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const load = useEmojiSet();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  useKeepInside(ref, load.state);

  useEffect(() => {
    searchRef.current?.focus();
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose('outside');
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [onClose]);

  const searching = query.trim() !== '';
  const sections = useMemo<Section[]>(() => {
    if (load.state !== 'ready')
      return searching ? [] : [{ key: 'common', title: 'Common reactions', items: COMMON_EMOJIS }];
    if (searching) {
      const found = searchEmojis(load.all, query);
      return found.length ? [{ key: 'results', title: 'Search results', items: found }] : [];
    }
    const groups = new Map<number, EmojiEntry[]>();
    for (const e of load.all) {
      const list = groups.get(e.group);
      if (list) list.push(e);
      else groups.set(e.group, [e]);
    }
    return [
      { key: 'common', title: 'Common reactions', items: COMMON_EMOJIS },
      ...[...groups].map(([g, items]) => ({ key: `g${g}`, title: EMOJI_GROUPS[g] ?? 'Other', items })),
    ];
  }, [load, query, searching]);
  const sizes = sections.map((s) => s.items.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const current = Math.min(active, Math.max(total - 1, 0));

  const focusCell = (n: number) => {
    setActive(n);
    gridRef.current?.querySelectorAll<HTMLButtonElement>('[data-cell]')[n]?.focus();
  };
  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const to = gridMove(sizes, COLUMNS, current, e.key);
    if (to === null) return;
    e.preventDefault();
    focusCell(to);
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && total > 0) {
      e.preventDefault();
      focusCell(current);
    } else if (e.key === 'Enter' && searching && sections[0]?.items[0]) {
      e.preventDefault();
      onPick(sections[0].items[0].emoji);
    }
  };

  let cell = 0;
  return (
    <div
      ref={ref}
      className="emoji-picker"
      role="dialog"
      aria-label="Pick a reaction"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          e.preventDefault();
          onClose('escape');
        }
      }}
    >
      <input
        ref={searchRef}
        type="search"
        className="emoji-search"
        aria-label="Search emoji"
        placeholder="Search emoji"
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onSearchKey}
      />
      {!searching && load.state === 'ready' ? (
        <div className="emoji-cats" role="group" aria-label="Emoji categories">
          {sections.slice(1).map((s) => (
            <button
              key={s.key}
              type="button"
              className="emoji-cat"
              aria-label={s.title}
              title={s.title}
              onClick={() => {
                document.getElementById(`${id}-${s.key}`)?.scrollIntoView({ block: 'start' });
                focusCell(sizes.slice(0, sections.indexOf(s)).reduce((a, b) => a + b, 0));
              }}
            >
              <span aria-hidden="true">{s.items[0]?.emoji}</span>
            </button>
          ))}
        </div>
      ) : null}
      <div ref={gridRef} className="emoji-scroll" onKeyDown={onGridKey}>
        {sections.map((s) => (
          <div key={s.key} role="group" aria-labelledby={`${id}-${s.key}`}>
            <h3 className="emoji-sec-title" id={`${id}-${s.key}`}>
              {s.title}
            </h3>
            <div className="emoji-grid">
              {s.items.map((e) => {
                const n = cell++;
                return (
                  <button
                    key={e.emoji}
                    type="button"
                    className="emoji-btn"
                    data-cell=""
                    aria-label={e.name}
                    title={e.name}
                    tabIndex={n === current ? 0 : -1}
                    onFocus={() => setActive(n)}
                    onClick={() => onPick(e.emoji)}
                  >
                    {e.emoji}
                  </button>
                );
              })}
            </div>
          </div>
        ))}
        {load.state === 'loading' ? (
          <p role="status" className="emoji-note muted">
            Loading all emoji…
          </p>
        ) : null}
        {load.state === 'failed' ? (
          <p role="status" className="emoji-note muted">
            Could not load more emoji. Close and open the picker to try again.
          </p>
        ) : null}
        {load.state === 'ready' && searching && total === 0 ? (
          <p role="status" className="emoji-note muted">
            No emoji match “{query.trim()}”.
          </p>
        ) : null}
      </div>
    </div>
  );
}
