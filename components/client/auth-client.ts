'use client';
import { createAuthClient } from 'better-auth/react';
import { inferAdditionalFields } from 'better-auth/client/plugins';

// Same origin as the page; during server rendering nothing is fetched, so the origin may be absent.
export const authClient = createAuthClient({
  baseURL: typeof window === 'undefined' ? undefined : window.location.origin,
  basePath: '/api/auth',
  // The user fields server/auth/auth.ts adds, typed here by hand: the browser imports no server code.
  plugins: [inferAdditionalFields({ user: { avatarColour: { type: 'string', required: false } } })],
});

export const useSession = authClient.useSession;
