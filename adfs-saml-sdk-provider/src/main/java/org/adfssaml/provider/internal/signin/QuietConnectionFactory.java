package org.adfssaml.provider.internal.signin;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * Connections that never feed HttpClient's wire and header loggers
 * ({@code org.apache.hc.client5.http.wire} / {@code .headers}): at DEBUG those print request
 * bodies (the posted password and MFA code), response bodies (the SAMLResponse), cookies and
 * Authorization headers. A sign-in must not leak them whatever the application's log
 * configuration is.
 */
final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
    private static final AtomicLong COUNTER = new AtomicLong();

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        QuietConnection c = new QuietConnection("adfs-saml-" + COUNTER.incrementAndGet());
        if (socket != null) {
            c.bind(socket);
        }
        return c;
    }

    @Override
    public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
        QuietConnection c = new QuietConnection("adfs-saml-" + COUNTER.incrementAndGet());
        if (socket != null) {
            c.bind(sslSocket, socket);
        }
        return c;
    }

    private static final class QuietConnection extends DefaultManagedHttpClientConnection {
        QuietConnection(String id) {
            super(id);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            super.bind(new SocketHolder(socket));
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            super.bind(new SocketHolder(sslSocket, socket));
        }

        @Override
        protected void onResponseReceived(ClassicHttpResponse response) {
            // header logging deliberately skipped (Set-Cookie carries the AD FS session)
        }

        @Override
        protected void onRequestSubmitted(ClassicHttpRequest request) {
            // header logging deliberately skipped (Cookie and Authorization headers)
        }
    }
}
