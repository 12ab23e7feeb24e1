FROM python:3.12-slim AS build
# Not shipped: only /install is copied out, so its apt lists and pip cache do not matter.
RUN apt-get update && apt-get install -y gcc
COPY requirements.txt .
RUN pip install --prefix=/install -r requirements.txt

FROM python:3.12-slim
RUN apt-get update
RUN apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*
COPY --from=build /install /usr/local
RUN pip install gunicorn==23.0.0
ADD app.py config.yaml /app/
ADD https://example.com/tool.tar.gz /tmp/
ADD vendor.tar.gz /opt/
USER app
HEALTHCHECK NONE
ENTRYPOINT ["gunicorn"]
CMD ['app:app']
