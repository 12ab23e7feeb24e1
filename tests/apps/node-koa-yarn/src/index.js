const Koa = require('koa');
const router = require('./router');

const app = new Koa();
const PORT = process.env.PORT || 3000;

app.use(router.routes()).use(router.allowedMethods());

const server = app.listen(PORT, () => {
  console.log(`koa-notes listening on ${PORT}`);
});

process.on('SIGTERM', () => server.close(() => console.log('koa-notes stopped')));
