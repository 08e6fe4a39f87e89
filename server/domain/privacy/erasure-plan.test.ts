import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unnamed } from '../../../shared/erasure';
import { ERASURE } from './erasure-plan';
import { pseudonymOf } from './redact';

// Every column of a workspace's tables that names a person has an answer in the erasure plan: a
// new one that has none fails here, before an erasure leaves the person behind in it.

/** table.column of every workspace table's column whose name says it holds a person's id. */
function personColumns(): string[] {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../../prisma/schema.prisma'), 'utf8');
  const out: string[] = [];
  for (const [, body = ''] of text.matchAll(/^model \w+ \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1];
    if (!table || !/\bworkspaceId\b/.test(body)) continue;
    for (const [, column = ''] of body.matchAll(/@map\("([a-z_]+)"\)/g))
      if (/(^|_)(user|author|actor|reporter|visitor|assignee|uploader)_id$|_by$/.test(column))
        out.push(`${table}.${column}`);
    for (const [, field = ''] of body.matchAll(/^\s*(mentions|threadParticipants)\s/gm))
      out.push(`${table}.${field === 'mentions' ? 'mentions' : 'thread_participants'}`);
  }
  return out.sort();
}

const answered = () =>
  [
    ...Object.entries(ERASURE.delete).map(([t, c]) => `${t}.${c}`),
    ...ERASURE.pseudonymise.map(([t, c]) => `${t}.${c}`),
    ...Object.keys(ERASURE.special),
    ...Object.keys(ERASURE.kept),
  ].sort();

describe('the erasure plan', () => {
  it('answers for every column that names a person, and for nothing that does not exist', () => {
    const columns = personColumns();
    expect(columns.length).toBeGreaterThan(30);
    expect(columns.filter((c) => !answered().includes(c))).toEqual([]);
    expect(answered().filter((c) => !columns.includes(c))).toEqual([]);
  });
});

describe('pseudonyms', () => {
  it('are stable, differ per workspace, and read as an erased person where a name would be', () => {
    const p = pseudonymOf('k'.repeat(32), 'ws-1', 'user-1');
    expect(p).toBe(pseudonymOf('k'.repeat(32), 'ws-1', 'user-1'));
    expect(p).not.toBe(pseudonymOf('k'.repeat(32), 'ws-2', 'user-1'));
    expect(p).toMatch(/^erased-[0-9a-f]{16}$/);
    expect([unnamed(p), unnamed(p, 'inline'), unnamed('user-2')]).toEqual([
      'Erased person',
      'an erased person',
      'Former member',
    ]);
  });
});
