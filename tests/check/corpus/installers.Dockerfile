# syntax=docker/dockerfile:1.7
FROM rust:1.83-slim-bookworm AS build
# Only /out is copied from this stage: its mode changes and tools do not ship.
RUN chmod -R 777 /usr/local/cargo \
    && curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
WORKDIR /src
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends build-essential git curl \
    && rm -rf /var/lib/apt/lists/*
RUN curl -sSL https://install.python-poetry.org | python3 -
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt \
    && curl -s https://api.example.com/release | python3 -c "import json, sys; print(json.load(sys.stdin))"
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
    && echo "4f5a1b3c9e0d2a7b6c8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b  /tmp/install.sh" | sha256sum -c - \
    && sh /tmp/install.sh && rm /tmp/install.sh
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && make -C /opt/tool \
    && apt-get purge -y --auto-remove gcc libc6-dev && rm -rf /var/lib/apt/lists/*
ADD https://example.com/releases/v1.2/tool-linux-amd64 /usr/local/bin/tool
ADD --checksum=sha256:4f5a1b3c9e0d2a7b6c8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b \
    https://example.com/releases/v1.2/other-linux-amd64 /usr/local/bin/other
ADD https://github.com/example/plugins.git#v1.2 /opt/plugins
COPY --from=build /out/app /usr/local/bin/app
RUN mkdir -p /app/data /app/cache && chmod 1777 /app/cache && chmod 777 /app/data \
    && chmod go-w /usr/local/bin/app && chmod +x /usr/local/bin/tool
COPY --chmod=666 config.toml /app/
COPY --chmod=644 defaults.toml /app/
USER 10001:10001
HEALTHCHECK CMD ["/usr/local/bin/app", "--health"]
CMD ["/usr/local/bin/app"]
