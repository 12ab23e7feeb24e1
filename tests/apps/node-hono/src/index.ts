import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const links: Record<string, string> = {
  docs: 'https://hono.dev/docs',
  node: 'https://nodejs.org/en/docs',
}

const app = new Hono()

app.get('/', (c) => {
  return c.text('Hello Hono!')
})

app.get('/links/:name', (c) => {
  const target = links[c.req.param('name')]
  return target ? c.json({ target }) : c.json({ error: 'unknown link' }, 404)
})

app.get('/health', (c) => c.json({ status: 'ok' }))

serve({
  fetch: app.fetch,
  port: 3000
}, (info) => {
  console.log(`Server is running on http://localhost:${info.port}`)
})
