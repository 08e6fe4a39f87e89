import { describe, expect, it } from 'vitest';
import type { Member } from '../client/trpc';
import { mentionOptions } from './MentionMenu';

const member = (userId: string, name: string, visitor = false): Member => ({
  userId,
  name,
  avatarColour: null,
  email: null,
  role: visitor ? 'guest' : 'member',
  visitor,
  joinedAt: '2026-01-01T00:00:00.000Z',
  online: false,
  status: 'offline',
  statusText: null,
  lastSeenAt: null,
  quarantinedUntil: null,
});

describe('mention suggestions', () => {
  it('offers the team, names starting with the query first, and never widget visitors or oneself', () => {
    const members = [
      member('me', 'Anna Self'),
      member('u1', 'Joanna'),
      member('u2', 'Anne'),
      member('v1', 'Anna Visitor', true),
    ];
    const people = mentionOptions('an', members, 'me').filter((o) => o.kind === 'user');
    expect(people.map((o) => o.name)).toEqual(['Anne', 'Joanna']);
  });
});
