'use client';
import { forwardRef, useRef, type TextareaHTMLAttributes } from 'react';
import type { Draft } from './mention-pills';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value'> & { draft: Draft };

/**
 * A plain textarea (typing, IME, undo, paste and screen readers as the browser does them) over a
 * copy of its text in which mentions are drawn as pills. While there are pills, the textarea's own
 * glyphs are transparent (its caret and selection are not) and the copy behind shows through; the
 * copy has the same font, padding and wrapping and follows its scrolling.
 */
export const PillTextarea = forwardRef<HTMLTextAreaElement, Props>(function PillTextarea(
  { draft, onScroll, ...props },
  ref,
) {
  const mirror = useRef<HTMLDivElement>(null);
  const { text, pills } = draft;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const p of pills) {
    parts.push(text.slice(at, p.start));
    parts.push(
      <span key={p.start} className="pill">
        {text.slice(p.start, p.end)}
      </span>,
    );
    at = p.end;
  }
  // The trailing space gives a last empty line its height, as the textarea does.
  parts.push(`${text.slice(at)} `);
  return (
    <div className={pills.length ? 'pill-input has-pills' : 'pill-input'}>
      {pills.length ? (
        <div ref={mirror} className="pill-mirror" aria-hidden="true" data-testid="pill-mirror">
          {parts}
        </div>
      ) : null}
      <textarea
        ref={ref}
        {...props}
        value={text}
        onScroll={(e) => {
          if (mirror.current) mirror.current.scrollTop = e.currentTarget.scrollTop;
          onScroll?.(e);
        }}
      />
    </div>
  );
});

/**
 * Replaces `[from, to)` of the box's text with `insert` the way typing would: through the browser's
 * editing command, so it is one step of the box's own undo, and the box's input event (and so the
 * draft's update) follows as for any typing. Where the command is missing the value is set and the
 * same event sent, without undo.
 */
export function replaceInBox(el: HTMLTextAreaElement, from: number, to: number, insert: string) {
  if (from === to && !insert) return;
  el.focus();
  el.setSelectionRange(from, to);
  const done = insert ? document.execCommand('insertText', false, insert) : document.execCommand('delete');
  if (done) return;
  const next = el.value.slice(0, from) + insert + el.value.slice(to);
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, next);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.setSelectionRange(from + insert.length, from + insert.length);
}
