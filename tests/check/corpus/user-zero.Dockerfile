FROM grafana/grafana-oss:11.1.0
USER 0:0
RUN apk add --no-cache curl
COPY provisioning/ /etc/grafana/provisioning/
EXPOSE 3000
HEALTHCHECK CMD ["wget", "-qO-", "http://127.0.0.1:3000/api/health"]
