import type { z } from 'zod';

type Schema = z.core.$ZodType;

const isSchema = (v: unknown): v is Schema =>
  typeof v === 'object' &&
  v !== null &&
  '_zod' in v &&
  typeof (v as { _zod?: { def?: { type?: unknown } } })._zod?.def?.type === 'string';

/**
 * A deep copy of a zod schema: every schema node reachable from it is a new instance with a new
 * definition object, so that mutating a copy's definition (as trpc-to-openapi does to coerce
 * query strings) leaves the original untouched. Checks and refinements are shared: nothing
 * mutates them. `map` may replace each copied node (children first).
 */
export function copySchema<T extends Schema>(schema: T, map: (s: Schema) => Schema = (s) => s): T {
  const copies = new Map<Schema, Schema>();

  const copyValue = (v: unknown): unknown => {
    if (isSchema(v)) return copy(v);
    if (Array.isArray(v)) return v.some(isSchema) ? v.map(copyValue) : v;
    if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      const entries = Object.entries(v);
      return entries.some(([, x]) => isSchema(x))
        ? Object.fromEntries(entries.map(([k, x]) => [k, copyValue(x)]))
        : v;
    }
    return v;
  };

  const copying = new Set<Schema>();
  function copy(s: Schema): Schema {
    const done = copies.get(s);
    if (done) return done;
    // A schema that contains itself through a getter would recurse forever: say so at start-up.
    if (copying.has(s)) throw new Error('copySchema: recursive schemas need z.lazy()');
    copying.add(s);
    const def = s._zod.def as unknown as Record<string, unknown>;
    const next: Record<string, unknown> = {};
    for (const key of Object.keys(def)) {
      // Checks (refinements, formats) are immutable once attached; the copy runs the same ones.
      if (key === 'checks') next[key] = def[key];
      // A cached resolution of z.lazy() would point at the original.
      else if (key === '_cachedInner') continue;
      else if (key === 'getter' && def.type === 'lazy') {
        const getter = def.getter as () => Schema;
        let inner: Schema | undefined;
        next.getter = () => (inner ??= copy(getter()));
      } else {
        const desc = Object.getOwnPropertyDescriptor(def, key);
        const value = def[key];
        const copied = copyValue(value);
        // A getter that yields plain data (a default value made fresh per parse) stays a getter.
        if (desc?.get && copied === value) Object.defineProperty(next, key, { ...desc });
        else next[key] = copied;
      }
    }
    const result = map(new s._zod.constr(next));
    copying.delete(s);
    copies.set(s, result);
    return result;
  }

  return copy(schema) as T;
}
