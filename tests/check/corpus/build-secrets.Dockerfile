ARG PIP_INDEX_URL=https://ci:s3cr3t-pass@pypi.example.com/simple
ARG MIRROR_URL=https://${MIRROR_USER}:${MIRROR_PASSWORD}@mirror.example.com/simple

FROM node:22-bookworm-slim AS assets
# Only /assets is copied out: this stage's history does not ship.
ARG GITHUB_TOKEN
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
RUN npm run build && mkdir -p /assets && cp -r dist/. /assets/

FROM python:3.12-slim-bookworm
ARG APP_VERSION=dev
ARG NPM_TOKEN
ARG SENTRY_AUTH_TOKEN SSH_PRIVATE_KEY
ARG GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV DATABASE_URL=postgres://app:hunter2@db:5432/app \
    CACHE_URL=redis://:${REDIS_PASSWORD}@cache:6379/0 \
    BROKER_URL=amqp://guest:@rabbitmq:5672/ \
    DOCS_URL=https://docs.example.com/app
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /assets ./static
COPY src/ ./src/
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s CMD curl -fsu monitor:m0nitor http://127.0.0.1:8000/health || exit 1
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
