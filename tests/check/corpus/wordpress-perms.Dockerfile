FROM wordpress:6.5-php8.3-apache
COPY --chown=www-data:www-data wp-content/themes/acme /var/www/html/wp-content/themes/acme
RUN mkdir -p /var/www/html/wp-content/uploads \
    && chmod -R 777 /var/www/html/wp-content/uploads
USER www-data
EXPOSE 80
HEALTHCHECK CMD ["curl", "-fs", "http://127.0.0.1/wp-login.php"]
