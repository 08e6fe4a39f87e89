'use client';
import { useId, type ReactNode } from 'react';
import { ConversationLink } from './ConversationLink';
import type { SidebarItem } from './use-conversations';
import { chatHref, useWorkspace } from './workspace-context';

/** A titled group of sidebar conversations with their badges, or a line saying why it is empty. */
export function ConversationSection({
  title,
  items,
  empty,
  activeId,
}: {
  title: string;
  items: readonly SidebarItem[];
  /** Null: the section says nothing when empty (something below it explains). */
  empty: ReactNode;
  activeId: string | undefined;
}) {
  const { ws } = useWorkspace();
  const headingId = useId();
  return (
    <section className="sb-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="sb-title">
        {title}
      </h2>
      {items.length === 0 ? (
        empty ? (
          <p className="muted sb-empty">{empty}</p>
        ) : null
      ) : (
        <ul className="conv-list">
          {items.map((item) => (
            <ConversationLink
              key={item.id}
              item={item}
              href={chatHref(ws.slug, item.id)}
              active={item.id === activeId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
