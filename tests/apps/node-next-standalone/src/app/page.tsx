export default function Home() {
  return (
    <main>
      <h1>node-next-standalone</h1>
      <p>Served by .next/standalone/server.js.</p>
    </main>
  );
}
