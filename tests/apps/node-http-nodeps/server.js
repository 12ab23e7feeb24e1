'use strict';

const http = require('node:http');

const PORT = Number(process.env.PORT) || 8080;
const started = new Date();

const services = [
  { name: 'api', state: 'operational' },
  { name: 'billing', state: 'degraded' },
];

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  switch (pathname) {
    case '/':
      send(res, 200, { page: 'status', since: started.toISOString() });
      break;
    case '/services':
      send(res, 200, services);
      break;
    case '/healthz':
      send(res, 200, { status: 'ok' });
      break;
    default:
      send(res, 404, { error: 'not found' });
  }
});

server.listen(PORT, () => {
  console.log(`status-page listening on ${PORT}`);
});

process.on('SIGTERM', () => {
  server.close(() => console.log('status-page stopped'));
});
