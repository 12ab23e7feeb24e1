FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates unzip \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://deno.land/install.sh | sh -s v1.44.4
ENV DENO_INSTALL=/root/.deno PATH=/root/.deno/bin:$PATH
WORKDIR /app
COPY . .
RUN deno cache main.ts
USER nobody
EXPOSE 8000
HEALTHCHECK CMD ["deno", "eval", "await fetch('http://127.0.0.1:8000/')"]
CMD ["deno", "run", "--allow-net", "main.ts"]
