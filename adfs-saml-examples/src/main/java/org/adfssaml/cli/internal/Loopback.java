package org.adfssaml.cli.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a host is this machine (the only place plain http is allowed). */
final class Loopback {

    private Loopback() {
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: no DNS look-up decides what may go out unencrypted
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
