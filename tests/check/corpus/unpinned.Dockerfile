ARG NODE_TAG
FROM node:${NODE_TAG:-lts} AS deps
FROM alpine AS fetch
RUN apk add curl
FROM ubuntu:latest
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=deps /usr/local/bin/node /usr/local/bin/node
USER root
HEALTHCHECK CMD ["node", "-e", "0"]
ENTRYPOINT node server.js
