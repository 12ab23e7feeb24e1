# syntax=docker/dockerfile:1.7
ARG PYTHON_VERSION=3.12
ARG BASE=python:${PYTHON_VERSION}-slim

# Build stage: compilers and caches stay here.
FROM --platform=$BUILDPLATFORM ${BASE} AS build
RUN <<EOF
set -eux
apt-get update
apt-get install -y gcc libpq-dev
EOF
WORKDIR /app
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=secret,id=pip_conf,target=/etc/pip.conf \
    python -m venv /opt/venv \
    # comments inside a continuation are allowed
    && /opt/venv/bin/pip install -r requirements.txt
COPY . .
RUN /opt/venv/bin/pip install --no-deps --no-cache-dir .

FROM ${BASE} AS runtime
RUN <<-EOT
	set -eux
	apt-get update
	apt-get install -y --no-install-recommends libpq5
	rm -rf /var/lib/apt/lists/*
	EOT
ENV PATH=/opt/venv/bin:$PATH \
    DB_PASSWORD_FILE=/run/secrets/db_password
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=10001:10001 src/ ./src/
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
