import { Suspense, type ReactNode } from 'react';
import { LinkProblem } from '@/components/account/LinkProblem';
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
          {/* Reads the query string: its own boundary, so the pages around it still prerender. */}
          <Suspense fallback={null}>
            <LinkProblem />
          </Suspense>
          {children}
        </main>
      </Providers>
    </>
  );
}
