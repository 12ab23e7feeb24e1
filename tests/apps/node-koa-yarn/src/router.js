const Router = require('@koa/router');

const notes = [
  { id: 1, text: 'Koa is a smaller, more expressive foundation for web apps' },
  { id: 2, text: 'Middleware cascades with async functions' },
];

const router = new Router();

router.get('/notes', (ctx) => {
  ctx.body = notes;
});

router.get('/notes/:id', (ctx) => {
  const note = notes.find((item) => item.id === Number(ctx.params.id));
  if (note) {
    ctx.body = note;
  } else {
    ctx.status = 404;
    ctx.body = { error: 'note not found' };
  }
});

router.get('/health', (ctx) => {
  ctx.body = { status: 'ok' };
});

module.exports = router;
