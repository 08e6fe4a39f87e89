import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditLabel, auditSentence, SIGN_IN_ACTIONS } from './audit-actions';

const names = new Map([
  ['u-olive', 'Olive'],
  ['u-adam', 'Adam'],
  ['c-ops', '#ops'],
]);
const nameOf = (id: string) => names.get(id) ?? `someone (${id})`;
const line = (action: string, over: object = {}) => ({
  action,
  actorType: 'user',
  actorId: 'u-olive',
  targetType: 'user',
  targetId: 'u-adam',
  data: {},
  ...over,
});

describe('audit entries in words', () => {
  it('says who did what to whom, with what the data adds', () => {
    expect(auditSentence(line('member.role_change', { data: { from: 'member', to: 'admin' } }), nameOf)).toBe(
      'Olive changed the role of Adam from member to admin',
    );
    expect(auditSentence(line('channel.member_add', { data: { channelId: 'c-ops' } }), nameOf)).toBe(
      'Olive added Adam to #ops',
    );
    expect(
      auditSentence(
        line('support.assign', { targetType: 'conversation', targetId: 'x', data: { to: 'u-adam' } }),
        nameOf,
      ),
    ).toBe('Olive assigned a conversation to Adam');
    expect(
      auditSentence(line('key.rotate', { actorType: 'system', actorId: null, data: { version: 3 } }), nameOf),
    ).toBe('Enclave rotated the encryption key to version 3');
    expect(
      auditSentence(
        line('message.corrected', {
          targetType: 'message',
          targetId: 'm-1',
          data: { authorId: 'u-adam', reason: 'Wrong invoice number' },
        }),
        nameOf,
      ),
    ).toBe('Olive corrected a message by Adam: “Wrong invoice number”');
    expect(
      auditSentence(line('profile.updated', { targetId: 'u-olive', data: { fields: ['name'] } }), nameOf),
    ).toBe('Olive changed their profile (display name)');
  });

  it('keeps an action it does not know readable', () => {
    expect(auditSentence(line('future.thing'), nameOf)).toBe('Olive did future.thing');
    expect(auditLabel('future.thing')).toBe('future.thing');
  });

  it('has words for every action, each in a group, and knows the sign-ins', () => {
    for (const [action, a] of Object.entries(AUDIT_ACTIONS)) {
      expect(a.label, action).not.toBe('');
      expect(a.group, action).not.toBe('');
      expect(a.does, action).not.toMatch(/\{(?!target\})/);
    }
    expect(SIGN_IN_ACTIONS.map((a) => AUDIT_ACTIONS[a].group)).toEqual([
      'Sign-ins and refusals',
      'Sign-ins and refusals',
    ]);
  });
});
