FROM python:3.12-slim AS build
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
# uwsgi needs a compiler once; it goes again in the same layer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpcre3-dev \
    && /opt/venv/bin/pip install --no-cache-dir uwsgi==2.0.26 \
    && apt-get purge -y --auto-remove build-essential libpcre3-dev \
    && rm -rf /var/lib/apt/lists/*
COPY . /app
WORKDIR /app
USER 10001
EXPOSE 8000
HEALTHCHECK CMD ["/opt/venv/bin/python", "-c", "import socket; socket.create_connection(('127.0.0.1', 8000))"]
CMD ["/opt/venv/bin/uwsgi", "--http", ":8000", "--module", "app.wsgi"]
