FROM rabbitmq:3.13-management-alpine
COPY rabbitmq.conf /etc/rabbitmq/rabbitmq.conf
COPY definitions.json /etc/rabbitmq/definitions.json
USER rabbitmq
EXPOSE 5672 15672
HEALTHCHECK --interval=30s --timeout=10s \
    CMD curl -fsS -u admin:Adm1nPass http://127.0.0.1:15672/api/healthchecks/node || exit 1
