import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { z } from 'zod';
import { copySchema } from '../lib/schema-copy';
import { t } from '../trpc/init';

type Schema = z.core.$ZodType;
type Middleware = ((opts: never) => unknown) & { _type?: 'input' | 'output' };
interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: Schema[];
  output?: unknown;
  meta?: unknown;
  middlewares: Middleware[];
  resolver: unknown;
}
// The part of tRPC's procedure builder used here (its generic types do not survive a loop).
interface Builder {
  input(schema: Schema): Builder;
  output(schema: unknown): Builder;
  use(fn: Middleware): Builder;
  meta(meta: unknown): Builder;
  query(resolver: unknown): AnyProcedure;
  mutation(resolver: unknown): AnyProcedure;
}

// Query strings carry booleans as text; Boolean("false") (trpc-to-openapi's coercion) is true.
// A pipe is neither coerced nor refused by trpc-to-openapi, so REST reads "true"/"false" itself.
const booleanFromText = (s: Schema): Schema =>
  s._zod.def.type === 'boolean'
    ? z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), s as z.ZodBoolean)
    : s;

/**
 * The same procedure, validating with its own deep copies of the input schemas. trpc-to-openapi
 * coerces query-string values by setting `coerce` on the input schemas' definitions in place;
 * on the shared schemas that would change what tRPC and the socket handlers accept (a string
 * "false" turning into true) from the first REST call on.
 */
function restProcedure(path: string, procedure: AnyProcedure): AnyProcedure {
  const def = procedure._def as unknown as ProcedureDef;
  const copies = def.inputs.map((s) => copySchema(s, booleanFromText));
  let b = t.procedure as unknown as Builder;
  let inputs = 0;
  // The last middleware calls the resolver, which .query()/.mutation() add again.
  for (const mw of def.middlewares.slice(0, -1)) {
    if (mw._type === 'input') b = b.input(copies[inputs++]!);
    else if (mw._type === 'output') b = b.output(def.output);
    else b = b.use(mw);
  }
  if (inputs !== copies.length || def.type === 'subscription')
    throw new Error(`REST router: cannot rebuild ${path}`);
  if (def.meta) b = b.meta(def.meta);
  return def.type === 'query' ? b.query(def.resolver) : b.mutation(def.resolver);
}

/** A router with the same procedures (middlewares, resolvers, meta) whose inputs only REST uses. */
export function restRouter<R extends AnyRouter>(source: R): R {
  const tree: Record<string, unknown> = {};
  for (const [path, procedure] of Object.entries(source._def.procedures as Record<string, AnyProcedure>)) {
    const segments = path.split('.');
    const last = segments.pop()!;
    let node = tree;
    for (const s of segments) node = (node[s] ??= {}) as Record<string, unknown>;
    node[last] = restProcedure(path, procedure);
  }
  return t.router(tree as Parameters<typeof t.router>[0]) as unknown as R;
}
