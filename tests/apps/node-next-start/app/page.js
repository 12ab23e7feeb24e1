export default function Home() {
  return (
    <main>
      <h1>node-next-start</h1>
      <p>Served by next start.</p>
    </main>
  );
}
