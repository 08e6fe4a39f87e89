'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { switcherItems } from './switcher';
import { useConversations } from './use-conversations';
import { chatHref, useWorkspace } from './workspace-context';

// Shown on the button; the key itself works with either modifier.
const SHORTCUT =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘K' : 'Ctrl+K';

/**
 * Ctrl/Cmd+K (from any workspace page) or the sidebar's button: a modal dialog listing the person's
 * conversations, filtered as they type. The native dialog traps focus, closes on Escape and gives
 * focus back to where it was.
 */
export function QuickSwitcher() {
  const { ws } = useWorkspace();
  const convs = useConversations();
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const listId = useId();
  const items = useMemo(() => (open ? switcherItems(convs, query) : []), [open, convs, query]);
  const active = items[Math.min(index, items.length - 1)];

  const show = useCallback(() => {
    const d = ref.current;
    if (!d || d.open) return;
    setQuery('');
    setIndex(0);
    setOpen(true);
    d.showModal();
  }, []);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'k' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      show();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);

  const go = (id: string) => {
    ref.current?.close();
    router.push(chatHref(ws.slug, id));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (items.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const at = Math.min(index, items.length - 1);
      setIndex((at + step + items.length) % items.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (active) go(active.id);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;
  const activeAt = active ? items.indexOf(active) : -1;

  return (
    <>
      <button
        type="button"
        className="secondary switcher-open"
        onClick={show}
        aria-keyshortcuts="Control+K Meta+K"
      >
        Jump to…<kbd aria-hidden="true">{SHORTCUT}</kbd>
      </button>
      <dialog
        ref={ref}
        className="modal switcher"
        aria-labelledby={`${listId}-title`}
        onClose={() => setOpen(false)}
        // A click on the backdrop (outside the box) closes it.
        onClick={(e) => {
          if (e.target === e.currentTarget) e.currentTarget.close();
        }}
      >
        <div className="switcher-box">
          <h2 id={`${listId}-title`} className="switcher-title">
            Jump to a conversation
          </h2>
          {/* Always there, so that showModal() finds it and focuses it. */}
          <input
            type="search"
            aria-label="Conversation name"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeAt >= 0 ? optionId(activeAt) : undefined}
            autoComplete="off"
            placeholder="Type a name…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setIndex(0);
            }}
            onKeyDown={onKeyDown}
          />
          {open ? (
            <>
              <ul id={listId} role="listbox" aria-label="Conversations" className="switcher-list">
                {items.map((c, i) => (
                  <li
                    key={c.id}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === activeAt}
                    className="switcher-option"
                    onClick={() => go(c.id)}
                    onMouseMove={() => setIndex(i)}
                  >
                    <span aria-hidden="true">{c.prefix}</span>
                    <span className="switcher-name">{c.name}</span>
                    <span className="muted">{c.detail}</span>
                    {c.unread > 0 ? (
                      <span className="badge">
                        {c.mentions > 0 ? `${c.mentions} mentions, ` : ''}
                        {c.unread} unread
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
              {items.length === 0 ? (
                <p role="status" className="muted">
                  No conversation matches.
                </p>
              ) : null}
              <p className="muted switcher-hint">↑ ↓ to choose, Enter to open, Escape to close</p>
            </>
          ) : null}
        </div>
      </dialog>
    </>
  );
}
