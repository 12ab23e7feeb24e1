import express from 'express';
import { stock } from './app/stock';

const host = process.env.HOST ?? 'localhost';
const port = process.env.PORT ? Number(process.env.PORT) : 3000;

const app = express();

app.get('/', (req, res) => {
  res.send({ message: 'Hello API' });
});

app.get('/api/stock', (req, res) => {
  res.send(stock());
});

app.get('/health', (req, res) => {
  res.send({ status: 'ok' });
});

app.listen(port, host, () => {
  console.log(`[ ready ] http://${host}:${port}`);
});
