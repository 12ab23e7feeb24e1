// A small node:http app: the reference for the npm variants.
//
// It answers GET / and GET /healthz on process.env.PORT, and stops cleanly on SIGTERM (the Dockerfile's
// STOPSIGNAL): the server stops accepting connections, lets open requests finish, then the process exits.
'use strict';

const http = require('node:http');
const ms = require('ms');

const started = Date.now();
const port = Number(process.env.PORT || 3000);

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { error: 'method not allowed' });
  } else if (req.url === '/') {
    send(res, 200, { message: 'hello from node', uptime: ms(Date.now() - started) });
  } else if (req.url === '/healthz') {
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
