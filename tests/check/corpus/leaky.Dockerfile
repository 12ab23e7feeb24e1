FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY site/ /usr/share/nginx/html/
HEALTHCHECK CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/"]
USER 101
