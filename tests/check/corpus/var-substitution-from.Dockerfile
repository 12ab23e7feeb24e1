ARG NODE_VERSION=v20.15.0
ARG PYTHON_VERSION=3.12.4
FROM node:${NODE_VERSION/v/}-bookworm-slim AS assets
WORKDIR /assets
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit && npm cache clean --force
COPY frontend/ ./
RUN npm run build

FROM python:${PYTHON_VERSION%.*}-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /assets/dist ./static
COPY app/ ./app/
USER 10001
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/')"]
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:create_app()"]
