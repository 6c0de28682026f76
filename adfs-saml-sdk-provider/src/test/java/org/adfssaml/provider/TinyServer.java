package org.adfssaml.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A loopback HTTP server for guard tests: answers every request with a function of it, and records what it got. */
final class TinyServer implements AutoCloseable {
    /** A recorded request. */
    record Request(String method, String pathAndQuery, String body) {
    }

    /** An answer. */
    record Answer(int status, String location, String html) {
        static Answer page(String html) {
            return new Answer(200, null, html);
        }

        static Answer redirect(String location) {
            return new Answer(302, location, "");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    TinyServer(Function<Request, Answer> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> handle(ex, handler));
        server.start();
    }

    private void handle(HttpExchange ex, Function<Request, Answer> handler) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), body);
        requests.add(r);
        Answer a = handler.apply(r);
        byte[] bytes = a.html().getBytes(StandardCharsets.UTF_8);
        if (a.location() != null) {
            ex.getResponseHeaders().add("Location", a.location());
        }
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
