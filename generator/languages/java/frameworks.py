"""The dependencies that make a Java app a web server, and the health endpoints some of them add.

Read the same way from a POM and from a Gradle build script: by artifact name, test dependencies left out.
"""

from __future__ import annotations

#: Spring Boot starters (and Spring Cloud servers built on them) that start an embedded web server, each
#: with what it serves. Spring Boot 4 renamed ``spring-boot-starter-web`` to ``-webmvc`` (the old name
#: stays, deprecated) and ``-web-services`` to ``-webservices``; both generations are listed.
SPRING_WEB_STARTERS: dict[str, str] = {
    "spring-boot-starter-web": "Spring MVC",
    "spring-boot-starter-webmvc": "Spring MVC",
    "spring-boot-starter-webflux": "Spring WebFlux",
    "spring-boot-starter-jersey": "Jersey",
    "spring-boot-starter-websocket": "Spring MVC with WebSocket",
    "spring-boot-starter-web-services": "Spring Web Services",
    "spring-boot-starter-webservices": "Spring Web Services",
    "spring-boot-starter-data-rest": "Spring Data REST",
    "spring-boot-starter-hateoas": "Spring HATEOAS on Spring MVC",
    "spring-boot-starter-tomcat": "embedded Tomcat",
    "spring-boot-starter-jetty": "embedded Jetty",
    "spring-boot-starter-undertow": "embedded Undertow",
    "spring-boot-starter-reactor-netty": "embedded Reactor Netty",
    "spring-cloud-starter-gateway": "Spring Cloud Gateway",
    "spring-cloud-starter-gateway-mvc": "Spring Cloud Gateway",
    "spring-cloud-starter-gateway-server-webflux": "Spring Cloud Gateway",
    "spring-cloud-starter-gateway-server-webmvc": "Spring Cloud Gateway",
    "spring-cloud-config-server": "Spring Cloud Config Server",
    "spring-cloud-starter-netflix-eureka-server": "Eureka Server",
    "vaadin-spring-boot-starter": "Vaadin",
}

#: Other Java web frameworks, with the config key holding their port ("" when they have none).
WEB_FRAMEWORKS: dict[str, str] = {
    "quarkus-rest": "quarkus.http.port",
    "quarkus-resteasy": "quarkus.http.port",
    "quarkus-resteasy-reactive": "quarkus.http.port",
    "micronaut-http-server-netty": "micronaut.server.port",
    "javalin": "",
    "spark-core": "",
    "vertx-web": "",
    "helidon-webserver": "",
    "dropwizard-core": "",
    "jetty-server": "",
    "undertow-core": "",
    "ktor-server-core": "",
}

#: Health endpoints a dependency adds, at their default paths.
HEALTH_DEPENDENCIES: dict[str, str] = {
    "spring-boot-starter-actuator": "/actuator/health",
    "quarkus-smallrye-health": "/q/health",
    "micronaut-management": "/health",
}
