FROM python:3.12-alpine
WORKDIR /app
RUN apk add --no-cache libpq
RUN apk update && apk add build-base postgresql-dev
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN addgroup -S app && adduser -S app -G app
USER app
HEALTHCHECK CMD ["python", "-c", "import sys"]
CMD ["python", "app.py"]
