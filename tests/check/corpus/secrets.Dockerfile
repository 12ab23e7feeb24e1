FROM python:3.12-slim
ARG GITHUB_TOKEN=ghp_0123456789abcdef
ENV DB_PASSWORD=hunter2 \
    DB_PASSWORD_FILE=/run/secrets/db_password \
    TOKENIZERS_PARALLELISM=false
ENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI/K7MDENG
# Declared without a value: the build command passes it, nothing is written here.
ARG NPM_TOKEN
WORKDIR /app
COPY .env ./
COPY certs/ca.pem certs/server.key /etc/app/
COPY id_rsa /root/.ssh/id_rsa
COPY .env.example ./
USER 10001
HEALTHCHECK CMD ["python", "-c", "import app"]
CMD ["python", "app.py"]
