import { Router } from 'express';

interface Todo {
  id: number;
  title: string;
  done: boolean;
}

const items: Todo[] = [
  { id: 1, title: 'Write the Dockerfile', done: true },
  { id: 2, title: 'Ship the image', done: false },
];

export const todos = Router();

todos.get('/', (_req, res) => {
  res.json(items);
});

todos.get('/:id', (req, res) => {
  const todo = items.find((item) => item.id === Number(req.params.id));
  if (!todo) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json(todo);
});
