const express = require('express');

const router = express.Router();

const books = [
  { id: 1, title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin' },
  { id: 2, title: 'Kindred', author: 'Octavia E. Butler' },
];

router.get('/', (req, res) => {
  res.json(books);
});

router.get('/:id', (req, res) => {
  const book = books.find((item) => item.id === Number(req.params.id));
  if (!book) return res.status(404).json({ error: 'no such book' });
  res.json(book);
});

module.exports = router;
