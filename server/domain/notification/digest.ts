import type { Tx } from '../../db/client';
import type { NotificationKind } from '../../../shared/moderation';
import { replaceUserMentions } from '../../../shared/mentions';
import { bodyBinding } from '../message/view';
import type { Deps } from '../deps';

/** One notification as the email reads it. */
export interface DigestItem {
  id: string;
  kind: NotificationKind;
  conversationId: string;
  messageId: string | null;
  /** The file a share is about: its page is where the line links. */
  fileId: string | null;
  actorId: string | null;
  detail: string | null;
  createdAt: Date;
}

export interface DigestGroup {
  conversationId: string;
  place: string;
  direct: boolean;
  link: string | null;
  lines: {
    kind: NotificationKind;
    actor: string | null;
    text: string;
    excerpt: string | null;
    link: string | null;
  }[];
}

const EXCERPT = 200;
/** The kinds whose message the email may quote (the others have a detail of their own). */
const WITH_TEXT = new Set<NotificationKind>(['mention', 'reply', 'direct', 'message']);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What one notification says, in a sentence without the place. */
function sentence(kind: NotificationKind, who: string, detail: string | null): string {
  switch (kind) {
    case 'mention':
      return `${who} mentioned you`;
    case 'reply':
      return `${who} replied in a thread you are in`;
    case 'direct':
      return `${who} sent you a message`;
    case 'message':
      return `${who} wrote`;
    case 'added':
      return `${who} added you`;
    case 'file_shared':
      return `${who} shared a file with you`;
    case 'file_blocked':
      return detail ?? 'A file you uploaded was blocked';
    case 'correction':
      return `An admin corrected your message${detail ? ` (reason: ${detail})` : ''}`;
    default:
      return detail ?? 'A moderator has an update for you';
  }
}

/**
 * The notifications of one email, grouped by conversation in the order of their first item, each
 * line a link to its message. Message text is quoted only when the workspace lets notifications
 * carry it (otherwise the email says who and where, never what).
 */
export async function digestGroups(
  tx: Tx,
  deps: Pick<Deps, 'tenants' | 'keys'>,
  ws: { id: string; slug: string },
  items: DigestItem[],
  opts: {
    appUrl: string;
    withText: boolean;
    /** For a widget visitor: their chat is on the host's page (or nowhere they can be sent back to). */
    visitor?: { place: string; link: string | null };
  },
): Promise<DigestGroup[]> {
  const convIds = [...new Set(items.map((i) => i.conversationId))];
  const convs = await tx.conversation.findMany({
    where: { workspaceId: ws.id, id: { in: convIds } },
    select: { id: true, kind: true, name: true, members: { select: { userId: true } } },
  });
  const people = new Set(items.flatMap((i) => (i.actorId ? [i.actorId] : [])));
  for (const c of convs)
    if (c.kind === 'dm' || c.kind === 'group') c.members.forEach((m) => people.add(m.userId));
  const users = await deps.tenants.global.user.findMany({
    where: { id: { in: [...people] } },
    select: { id: true, name: true },
  });
  const nameOf = (id: string | null) => (id && users.find((u) => u.id === id)?.name) || 'Someone';
  const texts = new Map<string, string>();
  if (opts.withText) {
    const ids = items.flatMap((i) => (i.messageId && WITH_TEXT.has(i.kind) ? [i.messageId] : []));
    const rows = await tx.message.findMany({
      where: { workspaceId: ws.id, id: { in: ids }, deletedAt: null },
      select: { id: true, body: true },
    });
    const raw = new Map<string, string>();
    for (const r of rows) {
      if (!r.body) continue;
      const text = await deps.keys.ring
        .decrypt(tx, bodyBinding(ws.id, r.id), Buffer.from(r.body))
        .catch(() => null);
      if (text) raw.set(r.id, text);
    }
    // Mentions are stored as <@id>: they read as names, looked up once for the whole email.
    const mentioned = new Set<string>();
    for (const text of raw.values()) replaceUserMentions(text, (id) => (mentioned.add(id), ''));
    const more = await deps.tenants.global.user.findMany({
      where: { id: { in: [...mentioned].filter((id) => !people.has(id)) } },
      select: { id: true, name: true },
    });
    users.push(...more);
    for (const [id, text] of raw) {
      const flat = replaceUserMentions(text, (u) => `@${nameOf(u)}`)
        .replace(/\s+/g, ' ')
        .trim();
      texts.set(id, flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat);
    }
  }
  const base = `${opts.appUrl.replace(/\/$/, '')}/w/${encodeURIComponent(ws.slug)}/c/`;
  const files = `${opts.appUrl.replace(/\/$/, '')}/w/${encodeURIComponent(ws.slug)}/files/`;
  const groups = new Map<string, DigestGroup>();
  for (const i of items) {
    const c = convs.find((x) => x.id === i.conversationId);
    let g = groups.get(i.conversationId);
    if (!g) {
      const place = !c
        ? 'a conversation'
        : c.kind === 'channel'
          ? `#${c.name ?? 'channel'}`
          : c.kind === 'subject'
            ? (c.name ?? 'a record conversation')
            : `a direct message with ${c.members.map((m) => nameOf(m.userId)).join(', ')}`;
      const direct = c?.kind === 'dm' || c?.kind === 'group';
      g = opts.visitor
        ? {
            conversationId: i.conversationId,
            place: opts.visitor.place,
            direct: true,
            link: opts.visitor.link,
            lines: [],
          }
        : { conversationId: i.conversationId, place, direct, link: base + i.conversationId, lines: [] };
      groups.set(i.conversationId, g);
    }
    g.lines.push({
      kind: i.kind,
      actor: i.actorId ? nameOf(i.actorId) : null,
      text:
        opts.visitor && i.kind === 'direct'
          ? `${nameOf(i.actorId)} replied`
          : sentence(i.kind, nameOf(i.actorId), i.detail),
      excerpt: i.messageId ? (texts.get(i.messageId) ?? null) : null,
      link: opts.visitor
        ? g.link
        : i.kind === 'file_shared' && i.fileId
          ? `${files}${i.fileId}`
          : i.messageId
            ? `${g.link}?m=${encodeURIComponent(i.messageId)}`
            : g.link,
    });
  }
  return [...groups.values()];
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

const anchor = (href: string | null, text: string) =>
  href ? `<a href="${esc(href)}">${esc(text)}</a>` : esc(text);

/** The subject, plain text and HTML of one notification email. */
export function renderDigest(
  workspaceName: string,
  groups: DigestGroup[],
  unsubscribe: { url: string; what: string },
  prefsUrl: string | null,
  /** A widget visitor's email is about one thing: the team answered. */
  forVisitor = false,
) {
  const count = groups.reduce((n, g) => n + g.lines.length, 0);
  const first = groups[0];
  const subject = forVisitor
    ? `${workspaceName} replied to you`
    : count === 1 && first?.lines[0]
      ? `${first.lines[0].text} in ${first.place} (${workspaceName})`
      : `${plural(count, 'new notification', 'new notifications')} in ${workspaceName}`;
  const text = [
    `You missed ${plural(count, 'notification', 'notifications')} in ${workspaceName}.`,
    '',
    ...groups.flatMap((g) => [
      `${g.place}:`,
      ...g.lines.map(
        (l) => `  - ${l.text}${l.excerpt ? `: “${l.excerpt}”` : ''}${l.link ? `\n    ${l.link}` : ''}`,
      ),
      '',
    ]),
    ...(prefsUrl ? [`Notification settings: ${prefsUrl}`] : []),
    `Stop these emails (${unsubscribe.what}): ${unsubscribe.url}`,
  ].join('\n');
  const html = [
    `<p>You missed ${esc(plural(count, 'notification', 'notifications'))} in <strong>${esc(workspaceName)}</strong>.</p>`,
    ...groups.map(
      (g) =>
        `<h3>${anchor(g.link, g.place)}</h3><ul>${g.lines
          .map(
            (l) =>
              `<li>${anchor(l.link, l.text)}${l.excerpt ? `<blockquote>${esc(l.excerpt)}</blockquote>` : ''}</li>`,
          )
          .join('')}</ul>`,
    ),
    `<p style="color:#666;font-size:12px">${prefsUrl ? `${anchor(prefsUrl, 'Notification settings')} · ` : ''}${anchor(unsubscribe.url, `Unsubscribe from ${unsubscribe.what}`)}</p>`,
  ].join('\n');
  return { subject, text, html };
}
