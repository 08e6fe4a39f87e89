import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';
import '@/components/chat/chat-ui.css';

export const metadata: Metadata = { title: 'Enclave', description: 'Messaging for your workspace' };

// The document shell only: the app's chrome lives in (app)/layout.tsx, and the embeddable widget
// (widget/) brings its own, so neither carries the other's providers or header.
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the Content-Security-Policy's nonce is new on each response,
  // and a page prerendered at build time would carry inline scripts without it.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
