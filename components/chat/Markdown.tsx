import { Fragment, memo, useMemo, type ReactNode } from 'react';
import { parseBlocks, type Block, type Inline } from './markdown';

export type NameOf = (userId: string) => string | undefined;
/** Renders a run of plain text (search results mark their matched words with it). */
export type TextRenderer = (text: string) => ReactNode;
const plain: TextRenderer = (t) => t;

/**
 * Message text rendered from the parsed tree as React elements: user text only ever becomes text
 * nodes (React escapes them) and links carry an href that safeHref() accepted.
 */
export const Markdown = memo(function Markdown({
  text,
  nameOf,
  renderText = plain,
}: {
  text: string;
  nameOf: NameOf;
  renderText?: TextRenderer;
}) {
  const blocks = useMemo(() => parseBlocks(text), [text]);
  return <div className="md">{blocks.map((b, i) => renderBlock(b, i, nameOf, renderText))}</div>;
});

function renderBlock(b: Block, key: number, nameOf: NameOf, rt: TextRenderer): ReactNode {
  if (b.t === 'pre') {
    return (
      <pre key={key}>
        <code>{b.v}</code>
      </pre>
    );
  }
  if (b.t === 'ul' || b.t === 'ol') {
    const items = b.items.map((item, i) => (
      <li key={i}>
        {renderInline(item.c, nameOf, rt)}
        {item.sub.map((inner, j) => renderBlock(inner, j, nameOf, rt))}
      </li>
    ));
    if (b.t === 'ul') return <ul key={key}>{items}</ul>;
    return (
      <ol key={key} start={b.start === 1 ? undefined : b.start}>
        {items}
      </ol>
    );
  }
  if (b.t === 'quote') {
    return <blockquote key={key}>{b.c.map((inner, i) => renderBlock(inner, i, nameOf, rt))}</blockquote>;
  }
  return <p key={key}>{renderInline(b.c, nameOf, rt)}</p>;
}

function renderInline(nodes: Inline[], nameOf: NameOf, rt: TextRenderer): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return <Fragment key={i}>{rt(n.v)}</Fragment>;
      case 'br':
        return <br key={i} />;
      case 'code':
        return <code key={i}>{n.v}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(n.c, nameOf, rt)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.c, nameOf, rt)}</em>;
      case 'del':
        return <del key={i}>{renderInline(n.c, nameOf, rt)}</del>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(n.c, nameOf, rt)}
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
