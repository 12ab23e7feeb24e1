// A small node:http app in TypeScript: the reference for the build variants. `pnpm run build` compiles it
// to dist/server.js, which is what the image runs.
//
// It answers GET / and GET /health on process.env.PORT, and stops cleanly on SIGTERM (the Dockerfile's
// STOPSIGNAL): the server stops accepting connections, lets open requests finish, then the process exits.
import http from 'node:http';
import ms from 'ms';

const started: number = Date.now();
const port: number = Number(process.env.PORT || 3000);

function send(res: http.ServerResponse, status: number, body: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { error: 'method not allowed' });
  } else if (req.url === '/') {
    send(res, 200, { message: 'hello from typescript', uptime: ms(Date.now() - started) });
  } else if (req.url === '/health') {
    send(res, 200, { status: 'ok' });
  } else {
    send(res, 404, { error: 'not found' });
  }
});

server.listen(port, () => console.log(`node server listening on port ${port}`));

process.on('SIGTERM', () => {
  console.log('received SIGTERM, closing the server');
  server.close(() => {
    console.log('node server stopped');
    process.exit(0);
  });
  // Keep-alive connections with no request in flight would hold close() open until they time out.
  server.closeIdleConnections();
});
