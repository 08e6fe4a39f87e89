'use client';
import { createAuthClient } from 'better-auth/react';

// Same origin as the page; during server rendering nothing is fetched, so the origin may be absent.
export const authClient = createAuthClient({
  baseURL: typeof window === 'undefined' ? undefined : window.location.origin,
  basePath: '/api/auth',
});

export const useSession = authClient.useSession;
