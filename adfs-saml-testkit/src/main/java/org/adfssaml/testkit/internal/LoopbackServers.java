package org.adfssaml.testkit.internal;

/**
 * Settings shared by the emulators' JDK HTTP servers.
 */
public final class LoopbackServers {

    /** The JDK HTTP server's switch for TCP_NODELAY on accepted connections; read once, when the first server starts. */
    public static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private LoopbackServers() {
    }

    /**
     * Asks the JDK HTTP server for TCP_NODELAY, unless the property is already set. Without it the server writes a
     * response's headers and body as two small TLS records, Nagle's algorithm holds the second until the client
     * acknowledges the first, and the client delays that acknowledgement: every HTTPS response of the AD FS emulator
     * then took about 40 ms longer than a real AD FS would (BENCHMARKS.md, fourth session). The JDK reads the property
     * when the first server of the process starts, so the emulators call this before creating theirs.
     */
    public static void preferNoDelay() {
        System.getProperties().putIfAbsent(NO_DELAY_PROPERTY, "true");
    }
}
