import Link from 'next/link';

/** Any address the app does not have, in the product's own frame rather than the framework's. */
export function NotFoundPage() {
  return (
    <main id="content" className="page not-found">
      <p className="brand" aria-hidden="true">
        Enclave
      </p>
      <h1>Page not found</h1>
      <p className="muted">
        This address does not lead anywhere in Enclave. The link may be old, or the page may have moved.
      </p>
      <ul className="not-found-links">
        <li>
          <Link href="/workspaces">Your workspaces</Link>
        </li>
        <li>
          <Link href="/sign-in">Sign in</Link>
        </li>
      </ul>
    </main>
  );
}
