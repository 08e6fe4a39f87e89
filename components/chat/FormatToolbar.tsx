'use client';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Format } from './format-text';

/** Each button: its name, what it shows, and its shortcut (as written for people, and for aria). */
const BUTTONS: { kind: Format; name: string; glyph: string; keys: string; aria: string }[] = [
  { kind: 'bold', name: 'Bold', glyph: 'B', keys: 'Ctrl+B', aria: 'Control+B Meta+B' },
  { kind: 'italic', name: 'Italic', glyph: 'I', keys: 'Ctrl+I', aria: 'Control+I Meta+I' },
  {
    kind: 'strike',
    name: 'Strikethrough',
    glyph: 'S',
    keys: 'Ctrl+Shift+X',
    aria: 'Control+Shift+X Meta+Shift+X',
  },
  { kind: 'code', name: 'Code', glyph: '</>', keys: 'Ctrl+E', aria: 'Control+E Meta+E' },
  {
    kind: 'bullets',
    name: 'Bulleted list',
    glyph: '•',
    keys: 'Ctrl+Shift+8',
    aria: 'Control+Shift+8 Meta+Shift+8',
  },
  {
    kind: 'numbers',
    name: 'Numbered list',
    glyph: '1.',
    keys: 'Ctrl+Shift+7',
    aria: 'Control+Shift+7 Meta+Shift+7',
  },
  { kind: 'quote', name: 'Quote', glyph: '❝', keys: 'Ctrl+Shift+9', aria: 'Control+Shift+9 Meta+Shift+9' },
  { kind: 'link', name: 'Link', glyph: '🔗', keys: 'Ctrl+Shift+K', aria: 'Control+Shift+K Meta+Shift+K' },
];

/**
 * The formatting buttons above the message box: one tab stop, arrow keys (and Home/End) between
 * the buttons. Pressing one keeps the box's selection (mousedown does not take focus) and formats it.
 */
export function FormatToolbar({ onFormat, label }: { onFormat: (kind: Format) => void; label: string }) {
  const [active, setActive] = useState(0);
  // Escape hides the tooltips until the pointer or focus moves on (WCAG 1.4.13: dismissible).
  const [tipsHidden, setTipsHidden] = useState(false);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const tipId = useId();

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const last = BUTTONS.length - 1;
    const to =
      e.key === 'ArrowRight'
        ? (active + 1) % BUTTONS.length
        : e.key === 'ArrowLeft'
          ? (active + last) % BUTTONS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : null;
    if (e.key === 'Escape') setTipsHidden(true);
    if (to === null) return;
    e.preventDefault();
    setActive(to);
    setTipsHidden(false);
    refs.current[to]?.focus();
  }

  return (
    <div
      role="toolbar"
      aria-label={label}
      className={`format-toolbar${tipsHidden ? ' tips-hidden' : ''}`}
      onKeyDown={onKeyDown}
      onMouseLeave={() => setTipsHidden(false)}
    >
      {BUTTONS.map((b, i) => (
        <span key={b.kind} className="format-button">
          <button
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            className={`secondary format-${b.kind}`}
            tabIndex={i === active ? 0 : -1}
            aria-label={b.name}
            aria-keyshortcuts={b.aria}
            aria-describedby={`${tipId}-${b.kind}`}
            onMouseDown={(e) => e.preventDefault()}
            onFocus={() => setActive(i)}
            onClick={() => onFormat(b.kind)}
          >
            {/* Drawn by CSS from the attribute: a visible "1." would have to be in the button's name. */}
            <span aria-hidden="true" className="format-glyph" data-glyph={b.glyph} />
          </button>
          <span id={`${tipId}-${b.kind}`} role="tooltip" className="format-tip">
            {b.name} ({b.keys})
          </span>
        </span>
      ))}
    </div>
  );
}
