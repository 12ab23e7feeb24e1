package com.example.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Answers /health and / on $PORT; stops cleanly on SIGTERM (the JVM runs the shutdown hook). */
public final class App {
    private App() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.createContext("/health", exchange -> reply(exchange, "ok\n"));
        server.createContext("/", exchange -> reply(exchange, "hello from java-maven-web\n"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutting down");
            server.stop(1);
        }));
        server.start();
        long maxHeap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        System.out.println("listening on " + port + ", max heap " + maxHeap + " MiB");
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
