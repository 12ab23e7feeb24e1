FROM php:8.3-fpm-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends libzip-dev libicu-dev g++ \
    && docker-php-ext-install zip intl opcache \
    && apt-get purge -y --auto-remove libzip-dev libicu-dev g++ \
    && rm -rf /var/lib/apt/lists/*
COPY --chown=www-data:www-data . /var/www/html
USER www-data
EXPOSE 9000
HEALTHCHECK CMD ["php-fpm", "-t"]
CMD ["php-fpm"]
