import { isDeepStrictEqual } from 'node:util';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../test/actors';
import {
  getAt,
  mixedCase,
  respellIds,
  rowsWithUpperCaseIds,
  setAt,
  stringPaths,
  upperCase,
  uuidPaths,
} from '../../test/matrix/input-paths';
import { cases, type Case } from '../../test/matrix/cases';
import { buildFixture, type Fixture } from '../../test/matrix/fixture';
import { rowCounts, snapshot } from '../../test/matrix/snapshot';
import { appRouter } from './root';

type AnyCaller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

const CLIENT_ERRORS = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
];

const deep = (depth: number, leaf: unknown, asArray: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
};

/** Values that no field of any procedure accepts. */
const badValue = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    2 ** 62,
    -1e308,
    0.5,
    '',
    '   ',
    'x'.repeat(1_000_000),
    'a\u0000b',
    '\u202e\u0000',
    null,
    [],
    {},
  ),
  fc.constant(
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown,
  ),
  fc.constant(deep(500, 'x', false)),
  fc.constant(deep(500, 1, true)),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.object()), { minLength: 1, maxLength: 4 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.object({ maxDepth: 2 }),
);

/** True when every field that differs from `valid` swaps one integer for another. */
function onlyIntegersChanged(valid: Record<string, unknown>, input: unknown): boolean {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  return Object.entries(valid).every(([k, v]) => {
    const got = (input as Record<string, unknown>)[k];
    return got === v || (Number.isSafeInteger(v) && Number.isSafeInteger(got));
  });
}

const junkKeys = fc.dictionary(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'role', 'id'),
  badValue,
  {
    maxKeys: 2,
  },
);

const mutations = new Set(
  Object.entries(appRouter._def.procedures)
    .filter(([, p]) => (p as unknown as { _def: { type: string } })._def.type === 'mutation')
    .map(([k]) => k),
);

type Fn = (input: unknown) => Promise<unknown>;
/** The procedure at `path` as the case's allowed caller of fixture `fx`. */
async function procedureOf(fx: Fixture, path: string, c: Case): Promise<Fn> {
  const caller = (await callerFor(c.allowed?.(fx) ?? fx.ownerA)) as unknown as AnyCaller;
  const [router, proc] = path.split('.') as [string, string];
  return caller[router]![proc]!;
}

/** `ok` with the data, or the tRPC error code; anything else is a bug and is thrown. */
// Answers that measure the moment (the health report's clock and database round trip, when the
// compliance report was made) differ between two calls however the ids are spelled.
const MOMENTARY = new Set(['checkedAt', 'databaseMs', 'generatedAt']);
const withoutMoment = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutMoment)
    : v && typeof v === 'object' && !(v instanceof Date)
      ? Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k, MOMENTARY.has(k) ? '(momentary)' : withoutMoment(x)]),
        )
      : v;

async function outcome(fn: Fn, input: unknown): Promise<{ code: string; data?: unknown }> {
  try {
    return { code: 'ok', data: withoutMoment(await fn(input)) };
  } catch (e) {
    if (e instanceof TRPCError) return { code: e.code };
    throw e;
  }
}

/**
 * Lone UTF-16 surrogates, alone and inside text: JSON can carry them (`"\ud800"`), UTF-8 cannot,
 * so PostgreSQL refuses them deep inside a write unless validation does first.
 */
const SURROGATES = ['\ud800', '\udfff', 'a\ud800b', 'Renamed \udc00', '\udc00\ud800', '\ud83d\ude00\ud83d'];

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture('fuzz');
});

describe('fuzzing every procedure with malformed input', () => {
  it('covers every procedure', () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(cases).sort());
  });

  it('answers only with client errors (never INTERNAL), stays up, and writes nothing', async () => {
    const countsBefore = await rowCounts();
    const aBefore = await snapshot(f.a.id);

    for (const [path, c] of Object.entries(cases)) {
      const fn = await procedureOf(f, path, c);
      const valid = c.input(f, f.a.id) ?? {};
      const fields = Object.keys(valid).filter((k) => k !== 'workspaceId');

      // Either one field of a valid input is corrupted (so the gate passes and only the input is
      // wrong), or the workspace id is, or the whole input is replaced.
      const keys = Object.keys(valid);
      // Built lazily: fc.constantFrom needs at least one key.
      const corruptField = () =>
        fc
          .record({
            key: fc.constantFrom(...(fields.length ? fields : keys)),
            value: badValue,
            junk: junkKeys,
          })
          .map(({ key, value, junk }) => ({ ...junk, ...valid, [key]: value }));
      const corruptWorkspace = fc
        .record({ value: badValue, junk: junkKeys })
        .map(({ value, junk }) => ({ ...valid, ...junk, workspaceId: value }));
      const malformed = !keys.length
        ? badValue
        : keys.includes('workspaceId')
          ? fc.oneof(corruptField(), corruptWorkspace, badValue)
          : fc.oneof(corruptField(), badValue);

      await fc.assert(
        fc.asyncProperty(malformed, async (input) => {
          // An integer in place of an integer (a sequence number, say) is a different valid input,
          // not a malformed one: it may legitimately write, so it is not sent.
          if (onlyIntegersChanged(valid, input)) return;
          try {
            await fn(input);
          } catch (e) {
            if (!(e instanceof TRPCError))
              throw new Error(`${path}: non-tRPC error ${String(e)}`, { cause: e });
            if (!CLIENT_ERRORS.includes(e.code))
              throw new Error(`${path}: ${e.code} ${e.message}`, { cause: e });
            return;
          }
          // A query may shrug off a value it coerces; a mutation must never accept a malformed input.
          if (mutations.has(path)) throw new Error(`${path} accepted malformed input`);
        }),
        { numRuns: 60, seed: 20261122, endOnFailure: true },
      );
    }

    expect(await rowCounts()).toEqual(countsBefore);
    expect(await snapshot(f.a.id)).toEqual(aBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a lone surrogate in every string field with BAD_REQUEST, and writes nothing', async () => {
    const countsBefore = await rowCounts();
    const aBefore = await snapshot(f.a.id);
    const failures: string[] = [];
    for (const [path, c] of Object.entries(cases)) {
      const fn = await procedureOf(f, path, c);
      const valid = c.input(f, f.a.id) ?? {};
      // From the schemas, so optional fields the valid input leaves out are tried too.
      for (const at of stringPaths(path)) {
        for (const s of SURROGATES) {
          const { code } = await outcome(fn, setAt(valid, at, s));
          if (code !== 'BAD_REQUEST') failures.push(`${path} ${at.join('.')}=${JSON.stringify(s)}: ${code}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(countsBefore);
    expect(await snapshot(f.a.id)).toEqual(aBefore);
  });
});

describe('ids spelled in upper or mixed case', () => {
  // Valid inputs (z.uuid() accepts either case), so they may succeed and write: each spelling
  // runs the whole matrix on a fixture of its own, and must do exactly what lower case does.
  // The procedures without a workspace name no id (checked below).
  const scoped = Object.entries(cases).filter(([, c]) => c.minRole !== null);

  async function runAll(fx: Fixture, spell: ((id: string) => string) | null) {
    const codes: Record<string, string> = {};
    const differences: string[] = [];
    for (const [path, c] of scoped) {
      const fn = await procedureOf(fx, path, c);
      const valid = c.input(fx, fx.a.id) ?? {};
      if (!spell) {
        codes[path] = (await outcome(fn, valid)).code;
        continue;
      }
      const ids = uuidPaths(valid);
      if (!mutations.has(path)) {
        // A query answers the same for each id respelled alone, and for all of them at once.
        const expected = await outcome(fn, valid);
        const variants = [
          ...ids.map((at) => setAt(valid, at, spell(getAt(valid, at) as string))),
          respellIds(valid, spell),
        ];
        for (const v of variants) {
          const got = await outcome(fn, v);
          if (!isDeepStrictEqual(got, expected))
            differences.push(`${path} ${JSON.stringify(v)}: ${got.code}, lower case ${expected.code}`);
        }
      }
      codes[path] = (await outcome(fn, respellIds(valid, spell))).code;
    }
    return { codes, differences };
  }

  const counts = async (ws: string) =>
    Object.fromEntries(Object.entries(await snapshot(ws)).map(([t, d]) => [t, d.split(':')[0]]));

  it(
    'answers and writes as with lower-case ids, and stores only lower case',
    { timeout: 180_000 },
    async () => {
      const [lower, upper, mixed] = await Promise.all([
        buildFixture('case-lower'),
        buildFixture('case-upper'),
        buildFixture('case-mixed'),
      ]);
      const unscoped = Object.entries(cases).filter(([, c]) => c.minRole === null);
      expect(unscoped.filter(([, c]) => uuidPaths(c.input(lower, lower.a.id)).length)).toEqual([]);
      const expected = await runAll(lower, null);
      expect(Object.values(expected.codes).every((c) => c === 'ok')).toBe(true);
      for (const [fx, spell] of [
        [upper, upperCase],
        [mixed, mixedCase],
      ] as const) {
        const got = await runAll(fx, spell);
        expect({
          ...got,
          rows: await counts(fx.a.id),
          upperCaseStored: await rowsWithUpperCaseIds(fx.a.id),
        }).toEqual({
          differences: [],
          codes: expected.codes,
          rows: await counts(lower.a.id),
          upperCaseStored: [],
        });
      }
    },
  );
});
