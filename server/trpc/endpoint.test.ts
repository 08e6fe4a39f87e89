import type { AnyProcedure, inferProcedureInput, inferProcedureOutput } from '@trpc/server';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { endpoints } from './endpoint';
import { conversationGateInput, gateInput, workspaceProcedure } from './procedures';

const api = endpoints('channel');
const input = z.object({ channelId: z.string(), limit: z.number().optional() });
const output = z.object({ ok: z.literal(true) });
const service = () => Promise.resolve({ ok: true as const });
const member = { role: 'member' } as const;
const path = '/workspaces/{workspaceId}/channels/{channelId}';

interface Def {
  type: string;
  meta: unknown;
  inputs: unknown[];
  output: unknown;
  middlewares: { _type?: string }[];
  resolver: (opts: { ctx: unknown; input: unknown }) => unknown;
}
const def = (p: AnyProcedure) => p._def as unknown as Def;
// What REST, OpenAPI and tRPC read from a procedure: its kind, meta, parsers and middleware order.
const shape = (p: AnyProcedure) => {
  const d = def(p);
  return {
    type: d.type,
    meta: d.meta,
    inputs: d.inputs,
    output: d.output,
    middlewares: d.middlewares.map((m) => m._type ?? 'use'),
  };
};

describe('endpoints()', () => {
  it('builds a GET as the query the builder chain makes', () => {
    const built = api.get(member, path, input, output, service);
    const chained = workspaceProcedure(member)
      .meta({ openapi: { method: 'GET', path, tags: ['channel'], protect: true } })
      .input(input)
      .output(output)
      .query(service);
    expect(shape(built)).toStrictEqual(shape(chained));
    expect(def(built).inputs).toEqual([gateInput, input]);
    expect(def(built).type).toBe('query');
    expectTypeOf<inferProcedureInput<typeof built>>().toEqualTypeOf<inferProcedureInput<typeof chained>>();
    expectTypeOf<inferProcedureOutput<typeof built>>().toEqualTypeOf<inferProcedureOutput<typeof chained>>();
  });

  it('builds every other method as a mutation, with the gate ids as the only input when there is none', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const make = { POST: api.post, PUT: api.put, PATCH: api.patch, DELETE: api.delete }[method];
      const built = make(member, path, null, output, service);
      const chained = workspaceProcedure(member)
        .meta({ openapi: { method, path, tags: ['channel'], protect: true } })
        .output(output)
        .mutation(service);
      expect(shape(built)).toStrictEqual(shape(chained));
      expect(def(built).inputs).toEqual([gateInput]);
      expect(def(built).type).toBe('mutation');
      expectTypeOf<inferProcedureInput<typeof built>>().toEqualTypeOf<inferProcedureInput<typeof chained>>();
    }
  });

  it('puts a description in the OpenAPI meta and reads the conversation gate input', () => {
    const gate = { role: 'guest', visitor: true, conversation: true } as const;
    const route = { path, description: 'Says what it does.' } as const;
    const built = api.get(gate, route, input, output, service);
    expect(def(built).meta).toEqual({
      openapi: { method: 'GET', path, tags: ['channel'], protect: true, description: 'Says what it does.' },
    });
    expect(def(built).inputs).toEqual([conversationGateInput, input]);
    expectTypeOf<inferProcedureInput<typeof built>>().toEqualTypeOf<{
      workspaceId: string;
      conversationId: string;
      channelId: string;
      limit?: number | undefined;
    }>();
  });

  it('calls the service with the context and the parsed input', async () => {
    const seen: unknown[] = [];
    const built = api.post(member, path, input, output, (ctx, parsed) => {
      seen.push(ctx, parsed);
      return Promise.resolve({ ok: true as const });
    });
    const ctx = { marker: 'ctx' };
    const parsed = { workspaceId: 'w', channelId: 'c' };
    await expect(def(built).resolver({ ctx, input: parsed })).resolves.toEqual({ ok: true });
    expect(seen).toEqual([ctx, parsed]);
  });
});
