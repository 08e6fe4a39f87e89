import { describe, expect, it } from 'vitest';
import { auditCsv, csvField, type CsvEntry } from './audit-csv';

const entry = (over: Partial<CsvEntry> = {}): CsvEntry => ({
  seq: '7',
  createdAt: '2026-12-02T10:00:00.000Z',
  action: 'member.role_change',
  actorType: 'user',
  actorId: 'u-alice',
  targetType: 'user',
  targetId: 'u-bob',
  ip: '203.0.113.7',
  userAgent: 'Browser, "quoted"',
  requestId: null,
  data: { from: 'member', to: 'admin' },
  hash: 'abc',
  ...over,
});
const names = new Map([
  ['u-alice', 'Alice'],
  ['u-bob', 'Bob'],
]);
const nameOf = (id: string) => names.get(id) ?? id;

describe('the audit log as CSV', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('has a header and one row per entry, with the sentence and the raw data', () => {
    const csv = auditCsv([entry(), entry({ seq: '6', action: 'auth.sign_in', data: null })], nameOf);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'seq,time,action,action_label,summary,actor_type,actor_id,target_type,target_id,ip,user_agent,request_id,data,hash',
    );
    expect(lines[1]).toBe(
      '7,2026-12-02T10:00:00.000Z,member.role_change,Role changed,Alice changed the role of Bob from member to admin,' +
        'user,u-alice,user,u-bob,203.0.113.7,"Browser, ""quoted""",,"{""from"":""member"",""to"":""admin""}",abc',
    );
    expect(lines[2]).toContain(',auth.sign_in,Signed in,Alice signed in,');
    expect(lines).toHaveLength(4); // the document ends with a line break
  });
});
