import type { Tx } from '../../db/client';
import type { Deps, PushPayload } from '../deps';
import { digestGroups, type DigestItem } from './digest';
import { pushPayloadFor } from './push-payload';
import { PUSH_LIMITS } from './push-schemas';

/**
 * What one push for these unseen notifications says: the notification itself when there is one
 * (worded by pushPayloadFor, which keeps the text out unless the workspace allows previews), or a
 * count and where. Its link is a path on this site.
 */
export async function pushFor(
  tx: Tx,
  deps: Pick<Deps, 'tenants' | 'keys'>,
  ws: { id: string; name: string; slug: string },
  items: DigestItem[],
  opts: { appUrl: string; withText: boolean },
): Promise<PushPayload> {
  const groups = await digestGroups(tx, deps, ws, items, opts);
  const origin = opts.appUrl.replace(/\/$/, '');
  const path = (link: string | null) => (link?.startsWith(origin) ? link.slice(origin.length) || '/' : '/');
  const first = groups[0];
  const line = first?.lines[0];
  if (items.length === 1 && first && line)
    return pushPayloadFor(
      {
        kind: line.kind,
        conversationName: first.place,
        direct: first.direct,
        actorName: line.actor,
        text: line.excerpt,
        url: path(line.link),
        tag: `${ws.id}:${first.conversationId}`,
      },
      { pushPreview: opts.withText },
    );
  const body = groups.map((g) => `${g.place} (${g.lines.length})`).join(', ');
  return {
    title: `${items.length} new notifications in ${ws.name}`.slice(0, PUSH_LIMITS.titleMax),
    body: body.length > PUSH_LIMITS.bodyMax ? `${body.slice(0, PUSH_LIMITS.bodyMax - 1)}…` : body,
    url: first ? path(first.link) : `/w/${encodeURIComponent(ws.slug)}`,
    tag: ws.id,
  };
}
