FROM jenkins/jenkins:2.462.1-lts-jdk17
USER "root"
RUN apt-get update \
    && apt-get install -y --no-install-recommends docker.io \
    && rm -rf /var/lib/apt/lists/*
COPY plugins.txt /usr/share/jenkins/ref/plugins.txt
RUN jenkins-plugin-cli -f /usr/share/jenkins/ref/plugins.txt
EXPOSE 8080
HEALTHCHECK CMD ["curl", "-fs", "http://127.0.0.1:8080/login"]
