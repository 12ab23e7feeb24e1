FROM python:3.12-slim
ARG UID=0
ARG GID=0
WORKDIR /code
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER $UID:$GID
EXPOSE 8888
HEALTHCHECK CMD ["python", "-c", "import socket; socket.create_connection(('127.0.0.1', 8888))"]
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
