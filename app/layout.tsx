import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from '@/components/client/header';
import { Providers } from '@/components/client/providers';
import './globals.css';

export const metadata: Metadata = { title: 'Enclave', description: 'Messaging for your workspace' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <Providers>
          <Header />
          <main id="content" className="page">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
