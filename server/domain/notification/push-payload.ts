import { replaceUserMentions } from '../../../shared/mentions';
import type { NotificationKind } from '../../../shared/moderation';
import type { PushPayload } from '../deps';
import type { WorkspaceSettings } from '../workspace/settings';
import { PUSH_LIMITS } from './push-schemas';

// What a push notification says. A push shows on a lock screen, in the system's notification
// centre, to whoever holds the device: so it names where and who, and carries what was written
// only when the workspace allows previews (settings.notifications.pushPreview, off by default).

/** What a push is about, as the notification job knows it. */
export interface PushSubject {
  kind: NotificationKind;
  /** How the conversation is named: "#general", or the other person for a direct message. */
  conversationName: string;
  /** A direct message: no "in …" needed. */
  direct?: boolean;
  /** Who did it (the author, the moderator), if anyone is named. */
  actorName: string | null;
  /** The message's text (mentions as `<@id>`) or the notification's detail: shown only with previews on. */
  text: string | null;
  /** Display names for the `<@id>` mentions in `text`. */
  names?: Readonly<Record<string, string>>;
  /** Where a click goes: a path on this site (`chatHref(...)`). */
  url: string;
  /** Groups pushes about one thing: a newer one with the same tag replaces the older on the device. */
  tag: string;
}

// eslint-disable-next-line no-control-regex -- control characters become spaces
const SPACE = /[\s\u0000-\u001f\u007f]+/g;
/** One line of at most `max` UTF-16 units, cut at a whole character, with an ellipsis when cut. */
const clip = (s: string, max: number) => {
  const flat = s.replace(SPACE, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat
    .slice(0, max - 1)
    .replace(/[\ud800-\udbff]$/, '')
    .trimEnd()}…`;
};

/** Title and the body shown without a preview: no text anybody wrote. */
function wording(s: PushSubject): { title: string; body: string } {
  const who = s.actorName ?? 'Someone';
  const where = s.conversationName;
  switch (s.kind) {
    case 'mention':
      return s.direct
        ? { title: who, body: 'New direct message' }
        : { title: `${who} mentioned you`, body: `New mention in ${where}` };
    case 'reply':
      return { title: `${who} replied in a thread`, body: `New reply in ${where}` };
    case 'direct':
      return { title: who, body: s.direct === false ? `New message in ${where}` : 'New direct message' };
    case 'added':
      return { title: `${who} added you to ${where}`, body: `You can read and write in ${where} now` };
    case 'file_shared':
      return { title: `${who} shared a file with you`, body: `A file in ${where} was shared with you` };
    case 'report_outcome':
      return { title: 'Moderation', body: 'A moderator reviewed a message you reported' };
    case 'warning':
      return { title: 'A moderator warned you', body: `Open ${where} to read it` };
    case 'held_outcome':
      return { title: 'Your held message', body: `A moderator decided on your message in ${where}` };
    case 'correction':
      return { title: 'Your message was corrected', body: `An admin corrected your message in ${where}` };
    case 'file_blocked':
      return {
        title: 'A file was blocked',
        body: `A file you uploaded in ${where} did not pass the malware scan`,
      };
    default:
      return s.direct
        ? { title: who, body: 'New direct message' }
        : { title: s.actorName ?? where, body: `New message in ${where}` };
  }
}

/**
 * The payload for PushPort.send. With previews off (the default) the body is only where and what
 * kind ("New message in #general"); with them on, the text itself, shortened to fit a push.
 */
export function pushPayloadFor(
  subject: PushSubject,
  settings: Pick<WorkspaceSettings['notifications'], 'pushPreview'>,
): PushPayload {
  const { title, body } = wording(subject);
  const written = subject.text
    ? replaceUserMentions(subject.text, (id) => `@${subject.names?.[id] ?? 'someone'}`)
    : '';
  const preview = settings.pushPreview && written.trim() !== '';
  return {
    title: clip(title, PUSH_LIMITS.titleMax),
    body: clip(preview ? written : body, PUSH_LIMITS.bodyMax),
    url: subject.url,
    tag: clip(subject.tag, PUSH_LIMITS.tagMax),
  };
}
