import type { ReactNode } from 'react';
import { Header } from '@/components/client/header';
import { Providers } from '@/components/client/providers';

/** The signed-in product: web app, console and account pages share the header and the session. */
export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <Providers>
        <Header />
        <main id="content" className="page">
          {children}
        </main>
      </Providers>
    </>
  );
}
