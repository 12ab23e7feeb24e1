const express = require('express');
const logger = require('morgan');

const books = require('./routes/books');
const health = require('./routes/health');

const app = express();
const port = process.env.PORT || 3000;

app.use(logger('tiny'));
app.use(express.static('public'));
app.use('/books', books);
app.use(health);

const server = app.listen(port, () => {
  console.log(`bookshelf listening on port ${port}`);
});

process.on('SIGTERM', () => {
  server.close(() => console.log('bookshelf stopped'));
});
