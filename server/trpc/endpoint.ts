import type { TRPCMutationProcedure, TRPCQueryProcedure } from '@trpc/server';
import type { OpenApiMethod } from 'trpc-to-openapi';
import type { z } from 'zod';
import type { Meta } from './init';
import {
  workspaceProcedure,
  type conversationGateInput,
  type gateInput,
  type WorkspaceGateOptions,
} from './procedures';

type Schema = z.ZodType;
// What tRPC makes of chained inputs: one flat object type (its own Simplify, restated).
type Flat<T> = { [K in keyof T]: T[K] };
// A conversation gate's id is in the input type too (it is at run time).
type GateSchema<G> = G extends { conversation: true } ? typeof conversationGateInput : typeof gateInput;
type InputIn<G, I> = I extends Schema ? Flat<z.input<GateSchema<G>> & z.input<I>> : z.input<GateSchema<G>>;
type InputOut<G, I> = I extends Schema
  ? Flat<z.output<GateSchema<G>> & z.output<I>>
  : z.output<GateSchema<G>>;

type Resolver = Parameters<ReturnType<typeof workspaceProcedure>['query']>[0];
/** What a procedure behind the workspace gate runs with: the request context and the gate's scope. */
type WorkspaceCtx = Parameters<Resolver>[0]['ctx'];

type Service<G, I, O extends Schema> = (
  ctx: WorkspaceCtx,
  input: InputOut<G, I>,
) => z.input<O> | Promise<z.input<O>>;
type Def<G, I, O extends Schema> = { input: InputIn<G, I>; output: z.output<O>; meta: Meta };

/** A REST path, or a path with the description the OpenAPI document shows for it. */
export type Route = `/${string}` | { path: `/${string}`; description: string };

// tRPC's builder types cannot follow a generic schema through `.input()`, so the chain is built
// through this view of it, and the result is given the type the chain itself infers for concrete
// schemas (endpoint.test.ts holds the two side by side).
interface Chain {
  input(schema: Schema): Chain;
  output(schema: Schema): Chain;
  query(resolver: (opts: { ctx: WorkspaceCtx; input: never }) => unknown): unknown;
  mutation(resolver: (opts: { ctx: WorkspaceCtx; input: never }) => unknown): unknown;
}

function build(
  tag: string,
  method: OpenApiMethod,
  gate: WorkspaceGateOptions,
  route: Route,
  input: Schema | null,
  output: Schema,
  service: (ctx: WorkspaceCtx, input: never) => unknown,
): unknown {
  const { path, description } = typeof route === 'string' ? { path: route, description: undefined } : route;
  const openapi = { method, path, tags: [tag], protect: true, ...(description ? { description } : {}) };
  let chain = workspaceProcedure(gate).meta({ openapi }) as unknown as Chain;
  if (input) chain = chain.input(input);
  chain = chain.output(output);
  const resolver = ({ ctx, input }: { ctx: WorkspaceCtx; input: never }) => service(ctx, input);
  // A read is a query and answers GET; every other method changes something.
  return method === 'GET' ? chain.query(resolver) : chain.mutation(resolver);
}

/**
 * The procedures of one router behind the workspace gate, each from its REST method and path, its
 * gate (role, key scope, …), its input schema (null: the gate's ids only), its output schema and
 * the service it calls: `api.get(gate, path, input, output, service)`. Every one is tagged with the
 * router's name and protected, as the OpenAPI document has always said.
 */
export function endpoints(tag: string) {
  const query = <const G extends WorkspaceGateOptions, I extends Schema | null, O extends Schema>(
    gate: G,
    route: Route,
    input: I,
    output: O,
    service: NoInfer<Service<G, I, O>>,
  ) => build(tag, 'GET', gate, route, input, output, service) as TRPCQueryProcedure<Def<G, I, O>>;
  const mutation =
    (method: Exclude<OpenApiMethod, 'GET'>) =>
    <const G extends WorkspaceGateOptions, I extends Schema | null, O extends Schema>(
      gate: G,
      route: Route,
      input: I,
      output: O,
      service: NoInfer<Service<G, I, O>>,
    ) =>
      build(tag, method, gate, route, input, output, service) as TRPCMutationProcedure<Def<G, I, O>>;
  return {
    get: query,
    post: mutation('POST'),
    put: mutation('PUT'),
    patch: mutation('PATCH'),
    delete: mutation('DELETE'),
  };
}
