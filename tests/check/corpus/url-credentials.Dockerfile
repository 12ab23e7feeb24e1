FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_URL=postgres://strapi:strapi@postgres:5432/strapi \
    REDIS_URL=redis://redis:6379
WORKDIR /opt/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
RUN npm run build
USER node
EXPOSE 1337
HEALTHCHECK CMD ["node", "-e", "fetch('http://127.0.0.1:1337/_health').then(r=>process.exit(r.ok?0:1))"]
CMD ["npm", "run", "start"]
