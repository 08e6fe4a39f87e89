'use client';
import { useRef, useState, type PointerEvent, type ReactNode } from 'react';
import type { CommentThread } from './use-file-comments';

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));
/** Smaller than this (a fraction of the page) a drag is a click: a point, not a region. */
const MIN_DRAG = 0.01;

/**
 * What is drawn over a page (a picture, or a PDF page's canvas): a pin per comment thread on it,
 * at its region in 0–1 coordinates (so at any zoom), and, while `placing`, a drag or a click that
 * marks the region of a new comment.
 */
export function CommentLayer({
  children,
  threads,
  placing,
  pending,
  selected,
  onPlace,
  onSelect,
}: {
  children: ReactNode;
  /** The threads on this page (of any version). */
  threads: CommentThread[];
  placing: boolean;
  /** The region of the comment being written, if any. */
  pending: Region | null;
  selected: string | null;
  onPlace: (r: Region) => void;
  onSelect: (threadId: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x: number; y: number } | null>(null);
  const at = (e: PointerEvent) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return { x: 0, y: 0 };
    return { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) };
  };
  const regionOf = (d: NonNullable<typeof drag>): Region => {
    const w = Math.abs(d.x - d.x0);
    const h = Math.abs(d.y - d.y0);
    if (w < MIN_DRAG && h < MIN_DRAG) return { x: d.x0, y: d.y0, w: 0, h: 0 };
    return { x: Math.min(d.x, d.x0), y: Math.min(d.y, d.y0), w, h };
  };
  const shown = drag ? regionOf(drag) : pending;

  return (
    <div ref={ref} className={`comment-stage${placing ? ' placing' : ''}`}>
      {children}
      <div
        className="comment-overlay"
        data-testid="comment-overlay"
        onPointerDown={(e) => {
          if (!placing) return;
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          const p = at(e);
          setDrag({ x0: p.x, y0: p.y, ...p });
        }}
        onPointerMove={(e) => {
          if (drag) setDrag({ ...drag, ...at(e) });
        }}
        onPointerUp={(e) => {
          if (!drag) return;
          const r = regionOf({ ...drag, ...at(e) });
          setDrag(null);
          onPlace(r);
        }}
      >
        {shown ? (
          <span
            className={`comment-region pending${shown.w === 0 ? ' point' : ''}`}
            style={box(shown)}
            aria-hidden="true"
          />
        ) : null}
        {threads.map((t) => (
          <button
            key={t.first.id}
            type="button"
            className={[
              'comment-pin',
              t.first.resolvedAt ? 'resolved' : '',
              t.first.onEarlierVersion ? 'earlier' : '',
              selected === t.first.id ? 'selected' : '',
            ].join(' ')}
            style={{ left: `${t.first.rect.x * 100}%`, top: `${t.first.rect.y * 100}%` }}
            aria-label={`Comment ${t.n}${t.first.onEarlierVersion ? ', on an earlier version' : ''}${t.first.resolvedAt ? ', resolved' : ''}`}
            data-testid="comment-pin"
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => onSelect(t.first.id)}
          >
            {t.n}
          </button>
        ))}
        {threads
          .filter((t) => t.first.id === selected && t.first.rect.w > 0)
          .map((t) => (
            <span key={t.first.id} className="comment-region" style={box(t.first.rect)} aria-hidden="true" />
          ))}
      </div>
    </div>
  );
}

const box = (r: Region) => ({
  left: `${r.x * 100}%`,
  top: `${r.y * 100}%`,
  width: `${r.w * 100}%`,
  height: `${r.h * 100}%`,
});
