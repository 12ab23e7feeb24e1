FROM postgres:16.4-bookworm
# The credentials come at run time from the environment compose gives the container.
HEALTHCHECK --interval=10s CMD pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB" -p 5432
HEALTHCHECK --interval=10s CMD PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U "$POSTGRES_USER" -c 'select 1'
HEALTHCHECK --interval=10s CMD curl -fs -H "Authorization: Bearer ${HEALTH_TOKEN}" -H "Accept: application/json" http://127.0.0.1:8080/
HEALTHCHECK --interval=10s CMD ["mysqladmin", "ping", "-h", "127.0.0.1", "-u", "monitor", "--password-file=/run/secrets/monitor"]
ENV PGPASSFILE=/run/secrets/pgpass \
    TOKEN_TTL=3600 \
    PASSWORD_MIN_LENGTH=12
USER postgres
