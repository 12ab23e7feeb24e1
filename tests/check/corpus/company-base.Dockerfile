# Base image other teams build FROM: no command of its own.
FROM eclipse-temurin:21-jre-jammy
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app app
COPY certs/corporate-root-ca.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates
WORKDIR /opt/app
USER 10001:10001
