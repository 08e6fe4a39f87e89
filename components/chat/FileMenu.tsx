'use client';
import Link from 'next/link';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface FileMenuItem {
  label: string;
  /** A dialog opens from it (announced as such). */
  dialog?: boolean;
  onSelect?: () => void;
  /** A link instead of an action (the file's page). */
  href?: string;
}

/**
 * A file's "More" menu: a button that opens a list of actions, operable by keyboard (arrows, Home
 * and End move, Enter or Space chooses, Escape closes and gives the button its focus back) and
 * closed by a click anywhere else. `items` is null while the caller's rights are being read.
 */
export function FileMenu({
  label,
  open,
  onOpenChange,
  items,
  status,
}: {
  label: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  items: readonly FileMenuItem[] | null;
  /** What the menu says instead of items (loading, an error). */
  status?: ReactNode;
}) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  // The first item takes the focus once the items are there (they may load after the menu opens).
  const wantFocus = useRef(false);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!list.current?.contains(t) && !button.current?.contains(t)) onOpenChange(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open, onOpenChange]);

  useEffect(() => {
    if (!open || !wantFocus.current || !items?.length) return;
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    wantFocus.current = false;
  }, [open, items]);

  const close = () => {
    onOpenChange(false);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') onOpenChange(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  };

  return (
    <span className="file-menu">
      <button
        ref={button}
        type="button"
        className="icon-btn file-menu-btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        // Not the label: a title naming the file would be found wherever its name is looked for.
        title="More actions"
        onClick={() => {
          wantFocus.current = !open;
          onOpenChange(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            wantFocus.current = true;
            onOpenChange(true);
          }
        }}
      >
        ⋯
      </button>
      {open ? (
        <ul
          ref={list}
          id={id}
          role="menu"
          aria-label={label}
          className="file-menu-list"
          onKeyDown={onKeyDown}
        >
          {items === null ? (
            <li role="none" className="muted file-menu-status">
              {status}
            </li>
          ) : (
            items.map((item) => (
              <li key={item.label} role="none">
                {item.href ? (
                  <Link role="menuitem" href={item.href} tabIndex={-1} onClick={() => onOpenChange(false)}>
                    {item.label}
                  </Link>
                ) : (
                  <button
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    aria-haspopup={item.dialog ? 'dialog' : undefined}
                    onClick={() => {
                      onOpenChange(false);
                      item.onSelect?.();
                    }}
                  >
                    {item.label}
                  </button>
                )}
              </li>
            ))
          )}
        </ul>
      ) : null}
    </span>
  );
}
