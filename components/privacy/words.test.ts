import { describe, expect, it } from 'vitest';
import {
  accountInWords,
  erasedInWords,
  keptWhat,
  pseudonymisedInWords,
  receiptFileName,
  requestedInWords,
  roleInWords,
} from './words';

describe('an erasure plan in words', () => {
  it('says what is erased, biggest first, without the empty tables', () => {
    expect(
      erasedInWords({ message: 3, message_edit: 1, member: 1, message_reaction: 0, person_key: 1 }, 'other'),
    ).toEqual([
      '3 messages (their text destroyed)',
      '1 edit of a message',
      '1 membership',
      'their data key (so no copy of the text, backups included, can be read)',
    ]);
    expect(erasedInWords({ person_key: 1, api_key: 2 }, 'self')).toEqual([
      '2 API keys',
      'your data key (so no copy of the text, backups included, can be read)',
    ]);
    expect(erasedInWords({ message: 0 }, 'self')).toEqual([]);
  });

  it('says what becomes of file shares: those with the person go, those they gave stay', () => {
    expect(erasedInWords({ file_share: 2 }, 'self')).toEqual(['2 files shared with this person']);
    expect(pseudonymisedInWords({ file_share: 1 })).toEqual(['1 share of a file given to someone']);
  });

  it('names a table it does not know by its own name', () => {
    expect(erasedInWords({ new_table: 2 }, 'other')).toEqual(['2 new table']);
  });

  it('says what is kept under the pseudonym', () => {
    expect(pseudonymisedInWords({ audit_event: 12, conversation: 1, lockdown: 0 })).toEqual([
      '12 audit log entries',
      '1 channel created',
    ]);
  });

  it('says a kept item from the reader’s side', () => {
    expect(keptWhat('their messages under a legal hold', 'self')).toBe('your messages under a legal hold');
    expect(keptWhat("other people's messages that mention them", 'self')).toBe(
      "other people's messages that mention you",
    );
    expect(keptWhat('audit entries about them', 'other')).toBe('audit entries about them');
  });

  it('says the account, the role, who asked and the file name', () => {
    expect(accountInWords(['session', 'odd_one'])).toEqual(['your signed-in sessions', 'odd one']);
    expect(roleInWords('admin')).toBe('Admin');
    expect(roleInWords(null)).toBe('No longer a member');
    expect(requestedInWords('self', 'self')).toBe('By you');
    expect(requestedInWords('self', 'other')).toBe('By the person');
    expect(requestedInWords('admin', 'other')).toBe('By an admin');
    expect(receiptFileName('0b1c')).toBe('enclave-erasure-receipt-0b1c.json');
  });
});
