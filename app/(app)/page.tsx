import Link from 'next/link';

export default function Home() {
  return (
    <>
      <h1>Enclave</h1>
      <p>Messaging with tenant isolation, encryption at rest and a verifiable audit log.</p>
      <p>
        <Link href="/workspaces">Your workspaces</Link> · <Link href="/sign-in">Sign in</Link> ·{' '}
        <Link href="/sign-up">Create an account</Link>
      </p>
    </>
  );
}
