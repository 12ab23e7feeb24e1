const quotes = [
  { id: 1, text: 'Simplicity is prerequisite for reliability.', by: 'Edsger W. Dijkstra' },
  { id: 2, text: 'Make it work, make it right, make it fast.', by: 'Kent Beck' },
]

export default async function routes (fastify) {
  fastify.get('/', async () => quotes)

  fastify.get('/:id', async (request, reply) => {
    const quote = quotes.find((item) => item.id === Number(request.params.id))
    if (!quote) {
      return reply.code(404).send({ error: 'no such quote' })
    }
    return quote
  })
}
