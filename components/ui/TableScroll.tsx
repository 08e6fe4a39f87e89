'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Lets a wide table scroll inside its own box on a narrow screen, so the page itself never scrolls
 * sideways. Only while it does overflow is the box a named, focusable region: keyboard users can
 * then scroll it with the arrow keys, and on a wide screen it adds no stop to the tab order.
 */
export function TableScroll({ label, children }: { label?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className="table-scroll"
      {...(overflows
        ? {
            role: 'region',
            tabIndex: 0,
            'aria-label': label ? `${label} (scrolls sideways)` : 'Table (scrolls sideways)',
          }
        : {})}
    >
      {children}
    </div>
  );
}
