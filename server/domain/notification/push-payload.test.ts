import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../../shared/moderation';
import { pushPayloadFor, type PushSubject } from './push-payload';
import { PUSH_LIMITS, pushPayloadSchema } from './push-schemas';

const SECRET = 'the merger closes on Friday';
const subject = (over: Partial<PushSubject> = {}): PushSubject => ({
  kind: 'mention',
  conversationName: '#general',
  actorName: 'Bob',
  text: `<@u1> ${SECRET}`,
  names: { u1: 'Alice' },
  url: '/w/acme/c/123',
  tag: 'mention:123',
  ...over,
});
const off = { pushPreview: false };
const on = { pushPreview: true };

describe('pushPayloadFor', () => {
  it('says where and who, never what was written, with previews off (every kind)', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const p = pushPayloadFor(subject({ kind }), off);
      expect(JSON.stringify(p), kind).not.toContain('merger');
      expect(pushPayloadSchema.safeParse(p).success, kind).toBe(true);
    }
    expect(pushPayloadFor(subject(), off)).toEqual({
      title: 'Bob mentioned you',
      body: 'New mention in #general',
      url: '/w/acme/c/123',
      tag: 'mention:123',
    });
    expect(pushPayloadFor(subject({ direct: true, conversationName: 'Bob' }), off)).toMatchObject({
      title: 'Bob',
      body: 'New direct message',
    });
    expect(pushPayloadFor(subject({ kind: 'direct' }), off)).toMatchObject({
      title: 'Bob',
      body: 'New direct message',
    });
    expect(pushPayloadFor(subject({ kind: 'reply' }), off)).toMatchObject({ body: 'New reply in #general' });
    expect(pushPayloadFor(subject({ kind: 'message' }), off)).toMatchObject({
      body: 'New message in #general',
    });
  });

  it('carries the text with previews on, mentions by name, on one line', () => {
    expect(pushPayloadFor(subject({ text: `<@u1>\n\n${SECRET}\t<@u2>` }), on).body).toBe(
      `@Alice ${SECRET} @someone`,
    );
    // Nothing written (a file-only message): the words without a preview.
    expect(pushPayloadFor(subject({ text: '   ' }), on).body).toBe('New mention in #general');
    expect(pushPayloadFor(subject({ text: null }), on).body).toBe('New mention in #general');
  });

  it('shortens long text at a whole character so that the payload always fits a push', () => {
    const long = '😀'.repeat(PUSH_LIMITS.bodyMax);
    const p = pushPayloadFor(subject({ text: long, actorName: 'B'.repeat(500), tag: 't'.repeat(500) }), on);
    expect(p.body.endsWith('…')).toBe(true);
    expect(p.body.length).toBeLessThanOrEqual(PUSH_LIMITS.bodyMax);
    expect(p.body.isWellFormed()).toBe(true);
    expect(p.title.length).toBeLessThanOrEqual(PUSH_LIMITS.titleMax);
    expect(pushPayloadSchema.safeParse(p).success).toBe(true);
    // Control characters go too: they would not show, and JSON would spell each in six bytes.
    expect(pushPayloadFor(subject({ text: `a\u0000\u0007b` }), on).body).toBe('a b');
  });
});
