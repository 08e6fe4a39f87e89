import type { z } from 'zod';
import { appRouter } from '../../server/trpc/root';
import { TABLES } from './snapshot';
import { asSuperuser } from '../db';

// Where the fuzz test puts its values: every string field a procedure's input schemas name
// (optional ones included, so a field missing from the matrix's valid input is still tried).

export type Path = (string | number)[];
type Schema = z.core.$ZodType;

/** The input schemas of a procedure, in the order its builder added them (gate first). */
export function inputSchemas(path: string): Schema[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: Schema[] } }>;
  const p = procedures[path];
  if (!p) throw new Error(`no procedure ${path}`);
  return p._def.inputs;
}

function walk(s: Schema, at: Path, out: Path[]) {
  const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'string':
      out.push(at);
      return;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, Schema>)) walk(v, [...at, k], out);
      return;
    case 'array':
      return walk(def.element as Schema, [...at, 0], out);
    case 'pipe':
      return walk(def.in as Schema, at, out);
    case 'union':
      for (const o of def.options as Schema[]) walk(o, at, out);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return walk(def.innerType as Schema, at, out);
    default:
      return;
  }
}

/** Every path at which the procedure's input takes a string (array elements as index 0). */
export function stringPaths(path: string): Path[] {
  const out: Path[] = [];
  for (const s of inputSchemas(path)) walk(s, [], out);
  const seen = new Set<string>();
  return out.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A copy of `input` with `value` at `path`, making the objects and arrays on the way. */
export function setAt(input: unknown, path: Path, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(input) || (input == null && typeof head === 'number')) {
    const copy = [...((input as unknown[] | undefined) ?? [])];
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const copy = { ...(typeof input === 'object' && input !== null ? input : {}) } as Record<string, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Paths of the input's UUID values (every id the input names). */
export function uuidPaths(input: unknown, at: Path = []): Path[] {
  if (typeof input === 'string') return UUID.test(input) ? [at] : [];
  if (Array.isArray(input)) return input.flatMap((v, i) => uuidPaths(v, [...at, i]));
  if (typeof input === 'object' && input !== null)
    return Object.entries(input).flatMap(([k, v]) => uuidPaths(v, [...at, k]));
  return [];
}

export const getAt = (input: unknown, path: Path): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], input);

/** The same id in other spellings that z.uuid() accepts. */
export const upperCase = (id: string) => id.toUpperCase();
export const mixedCase = (id: string) => {
  let letters = 0;
  return id.replace(/[a-f]/gi, (ch) => (letters++ % 2 ? ch.toLowerCase() : ch.toUpperCase()));
};

/** `input` with every UUID respelled. */
export function respellIds(input: unknown, spell: (id: string) => string): unknown {
  return uuidPaths(input).reduce((acc, p) => setAt(acc, p, spell(getAt(acc, p) as string)), input);
}

/** Rows of workspace `ws` (read as superuser) that hold a UUID spelled with upper-case letters. */
export async function rowsWithUpperCaseIds(ws: string): Promise<string[]> {
  return asSuperuser(async (c) => {
    const out: string[] = [];
    for (const t of TABLES) {
      const key = t === 'workspace' ? 'id' : 'workspace_id';
      const r = await c.query<{ row: string }>(`SELECT r::text AS row FROM ${t} r WHERE ${key} = $1`, [ws]);
      for (const { row } of r.rows) {
        const ids = row.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? [];
        for (const id of ids) if (id !== id.toLowerCase()) out.push(`${t}: ${id}`);
      }
    }
    return out;
  });
}
