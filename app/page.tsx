export default function Home() {
  return (
    <main style={{ maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Enclave</h1>
      <p>Messaging with tenant isolation, encryption at rest and a verifiable audit log.</p>
    </main>
  );
}
