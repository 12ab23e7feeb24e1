import Fastify from 'fastify'
import quotes from './routes/quotes.js'

const fastify = Fastify({ logger: true })

fastify.register(quotes, { prefix: '/quotes' })

fastify.get('/health', async () => ({ status: 'ok' }))

const port = Number(process.env.PORT) || 3000
const host = process.env.HOST || '127.0.0.1'

try {
  await fastify.listen({ port, host })
} catch (err) {
  fastify.log.error(err)
  process.exit(1)
}

process.on('SIGTERM', async () => {
  await fastify.close()
  console.log('fastify-quotes stopped')
})
