import { stringify } from 'csv-stringify/sync';
import MailComposer from 'nodemailer/lib/mail-composer';

/** A message as the readable formats need it (the NDJSON has every column). */
export interface ExportedMessage {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string | null;
  parentId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  text: string | null;
}

export interface Names {
  person: (id: string) => string;
  conversation: (id: string) => string;
}

export function messagesCsv(messages: readonly ExportedMessage[], names: Names): string {
  return stringify(
    messages.map((m) => [
      names.conversation(m.conversationId),
      m.seq,
      m.createdAt,
      m.authorId ? names.person(m.authorId) : '',
      m.authorId ?? '',
      m.parentId ?? '',
      m.editedAt ?? '',
      m.deletedAt ?? '',
      m.text ?? '',
      m.id,
    ]),
    {
      header: true,
      columns: [
        'conversation',
        'seq',
        'sent',
        'author',
        'author_id',
        'reply_to',
        'edited',
        'deleted',
        'text',
        'id',
      ],
    },
  );
}

/** Folder-safe: "#general" → "general"; every conversation's folder also carries its id. */
export const folderOf = (name: string, id: string) =>
  `${
    name
      .replace(/^#/, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .slice(0, 60) || 'conversation'
  }-${id.slice(0, 8)}`;

/**
 * One message as an RFC 5322 email (what archiving systems take in): the author as sender, the
 * conversation as subject, replies threaded by In-Reply-To. Addresses are under `.invalid`: they
 * name people of the export, never a mailbox.
 */
export async function messageEml(m: ExportedMessage, names: Names, domain: string): Promise<Buffer> {
  const address = (id: string) => `${id.replace(/[^a-zA-Z0-9._-]/g, '_')}@${domain}`;
  const mail = new MailComposer({
    from: m.authorId ? { name: names.person(m.authorId), address: address(m.authorId) } : `unknown@${domain}`,
    subject: names.conversation(m.conversationId),
    date: new Date(m.createdAt),
    messageId: `<${m.id}@${domain}>`,
    ...(m.parentId
      ? { inReplyTo: `<${m.parentId}@${domain}>`, references: `<${m.parentId}@${domain}>` }
      : {}),
    text: m.deletedAt ? '(deleted)' : (m.text ?? '(could not be decrypted)'),
    headers: {
      'X-Enclave-Conversation': m.conversationId,
      'X-Enclave-Seq': String(m.seq),
      ...(m.editedAt ? { 'X-Enclave-Edited': m.editedAt } : {}),
      ...(m.deletedAt ? { 'X-Enclave-Deleted': m.deletedAt } : {}),
    },
  });
  return mail.compile().build();
}

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * A self-contained page of the export (no script, no outside resource): the conversations, each
 * with its messages in order, replies indented. Text is escaped, never rendered as markup.
 */
export function viewerHtml(
  workspace: { name: string },
  createdAt: string,
  messages: readonly ExportedMessage[],
  names: Names,
): string {
  const byConversation = new Map<string, ExportedMessage[]>();
  for (const m of messages)
    byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
  const sections = [...byConversation.entries()]
    .map(([id, list]) => {
      const items = list
        .map((m) => {
          const who = m.authorId ? names.person(m.authorId) : 'Unknown';
          const body = m.deletedAt ? '<em>deleted</em>' : escape(m.text ?? '(could not be decrypted)');
          return `<li class="${m.parentId ? 'reply' : 'top'}" id="m-${m.id}"><p class="meta"><strong>${escape(who)}</strong> <time datetime="${m.createdAt}">${escape(m.createdAt.replace('T', ' ').slice(0, 19))} UTC</time>${m.editedAt ? ' (edited)' : ''}</p><p class="text">${body}</p></li>`;
        })
        .join('\n');
      return `<section aria-labelledby="c-${id}"><h2 id="c-${id}">${escape(names.conversation(id))}</h2><ol>${items}</ol></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(workspace.name)}: export of ${escape(createdAt.slice(0, 10))}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
h1{font-size:1.4rem}h2{font-size:1.1rem;border-bottom:1px solid #ccc;margin-top:2rem}ol{list-style:none;padding:0}
li{margin:.6rem 0}li.reply{margin-left:2rem}.meta{margin:0;color:#555;font-size:.85rem}.text{margin:.1rem 0;white-space:pre-wrap}</style>
</head><body><h1>${escape(workspace.name)}</h1><p>Exported ${escape(createdAt)}: ${messages.length} messages. The manifest lists every file with its SHA-256.</p>
${sections || '<p>No messages in this export.</p>'}
</body></html>
`;
}
