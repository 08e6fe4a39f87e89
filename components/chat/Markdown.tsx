import { memo, useMemo, type ReactNode } from 'react';
import { parseBlocks, type Block, type Inline } from './markdown';

export type NameOf = (userId: string) => string | undefined;

/**
 * Message text rendered from the parsed tree as React elements: user text only ever becomes text
 * nodes (React escapes them) and links carry an href that safeHref() accepted.
 */
export const Markdown = memo(function Markdown({ text, nameOf }: { text: string; nameOf: NameOf }) {
  const blocks = useMemo(() => parseBlocks(text), [text]);
  return <div className="md">{blocks.map((b, i) => renderBlock(b, i, nameOf))}</div>;
});

function renderBlock(b: Block, key: number, nameOf: NameOf): ReactNode {
  if (b.t === 'pre') {
    return (
      <pre key={key}>
        <code>{b.v}</code>
      </pre>
    );
  }
  return <p key={key}>{renderInline(b.c, nameOf)}</p>;
}

function renderInline(nodes: Inline[], nameOf: NameOf): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'br':
        return <br key={i} />;
      case 'code':
        return <code key={i}>{n.v}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(n.c, nameOf)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.c, nameOf)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(n.c, nameOf)}
          </a>
        );
      case 'user': {
        const name = nameOf(n.id);
        return (
          <span key={i} className="mention" title={name ? undefined : 'Not a member of this workspace'}>
            @{name ?? 'unknown'}
          </span>
        );
      }
      case 'special':
        return (
          <span key={i} className="mention mention-all">
            {n.v}
          </span>
        );
    }
  });
}
