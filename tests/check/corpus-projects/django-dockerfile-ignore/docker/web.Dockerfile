FROM python:3.12-slim AS build
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
COPY --from=build /venv /venv
COPY app /app
WORKDIR /app
USER 1000
EXPOSE 8000
HEALTHCHECK CMD ["/venv/bin/python", "manage.py", "check", "--deploy"]
CMD ["/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi"]
