'use client';
import { httpBatchLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
// Only the type crosses into the browser bundle; no server code is imported.
import type { AppRouter } from '@/server/trpc/root';

export const trpc = createTRPCReact<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type Workspace = RouterOutputs['workspace']['listMine'][number];
export type Member = RouterOutputs['member']['list'][number];
export type Role = Member['role'];

// No transformer: every output is plain JSON (times are ISO strings), so the default is enough.
export function createTrpcClient() {
  return trpc.createClient({ links: [httpBatchLink({ url: '/api/trpc' })] });
}
