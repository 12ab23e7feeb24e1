// Rendered at each request, so the health check sees the server answer, not a file built earlier.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
