# syntax=docker/dockerfile:1.7
FROM nginx:1.27-alpine
COPY <<nginx.conf /etc/nginx/conf.d/default.conf
server {
    listen 8080;
    location / { root /usr/share/nginx/html; }
    location = /healthz { return 200 "ok"; }
}
nginx.conf
RUN <<-END-OF-SETUP
	set -eu
	mkdir -p /var/cache/nginx /var/run/nginx
	chown -R nginx:nginx /var/cache/nginx /var/run/nginx
	END-OF-SETUP
COPY --chown=nginx:nginx site/ /usr/share/nginx/html/
USER nginx
EXPOSE 8080
HEALTHCHECK CMD ["wget", "-qO-", "http://127.0.0.1:8080/healthz"]
CMD ["nginx", "-g", "daemon off;"]
