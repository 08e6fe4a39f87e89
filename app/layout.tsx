import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = { title: 'Enclave', description: 'Messaging for your workspace' };

// The document shell only: the app's chrome lives in (app)/layout.tsx, and the embeddable widget
// (widget/) brings its own, so neither carries the other's providers or header.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
