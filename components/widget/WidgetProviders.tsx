'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { trpc } from '../client/trpc';
import { widgetClient } from './session';

const statusOf = (err: unknown): number | undefined => {
  const data = (err as { data?: { httpStatus?: unknown } } | null)?.data;
  return typeof data?.httpStatus === 'number' ? data.httpStatus : undefined;
};

/**
 * Query cache and tRPC client for one widget session: every call carries its bearer token. Mounted
 * with `key={token}`, so a new identity starts with an empty cache and nothing of the last one.
 */
export function WidgetProviders({ token, children }: { token: string; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A 4xx (forbidden, not found, session ended) will not change by asking again.
          queries: { retry: (n, err) => n < 2 && (statusOf(err) ?? 500) >= 500, staleTime: 5_000 },
        },
      }),
  );
  const [client] = useState(() => widgetClient(token));
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
