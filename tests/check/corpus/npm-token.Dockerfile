FROM node:20-alpine
ARG NPM_TOKEN
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN echo "//npm.pkg.github.com/:_authToken=${NPM_TOKEN}" > .npmrc \
    && npm ci --omit=dev \
    && rm -f .npmrc \
    && npm cache clean --force
COPY . .
USER node
EXPOSE 4000
HEALTHCHECK CMD ["node", "healthcheck.js"]
CMD ["node", "index.js"]
