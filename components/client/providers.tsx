'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { RealtimeProvider } from './realtime';
import { createTrpcClient, trpc } from './trpc';

const statusOf = (err: unknown): number | undefined => {
  const data = (err as { data?: { httpStatus?: unknown } } | null)?.data;
  return typeof data?.httpStatus === 'number' ? data.httpStatus : undefined;
};

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A 4xx (forbidden, not found, signed out) will not change by asking again.
          queries: { retry: (n, err) => n < 2 && (statusOf(err) ?? 500) >= 500, staleTime: 5_000 },
        },
      }),
  );
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider>{children}</RealtimeProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
