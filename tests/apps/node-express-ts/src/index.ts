import express from 'express';
import { todos } from './routes/todos';

const app = express();
const port = process.env.PORT || 4000;

app.use(express.json());
app.use('/api/todos', todos);

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

app.listen(port, () => {
  console.log(`todo-api listening on port ${port}`);
});
