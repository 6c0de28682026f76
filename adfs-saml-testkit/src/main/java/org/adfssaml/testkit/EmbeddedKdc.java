package org.adfssaml.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * A Kerberos KDC in the test JVM (Apache Kerby {@code SimpleKdcServer}, TCP on loopback), for Kerberos tests of
 * the {@link AdfsEmulator} and of clients.
 *
 * <pre>{@code
 * try (EmbeddedKdc kdc = EmbeddedKdc.start(tempDir, "EXAMPLE.TEST")) {
 *     kdc.createPrincipal("alice", "Passw0rd!");
 *     Path keytab = kdc.exportKeytab("HTTP/localhost");      // random key, for the emulator
 *     kdc.useKrb5Conf();                                       // java.security.krb5.conf for this JVM
 *     AdfsEmulator adfs = AdfsEmulator.builder()...kerberos(keytab, kdc.principal("HTTP/localhost")).build();
 * }
 * }</pre>
 *
 * <p>The JDK caches krb5.conf per JVM: {@link #useKrb5Conf()} sets {@code java.security.krb5.conf}; JAAS logins
 * with the {@code Krb5LoginModule} option {@code refreshKrb5Config=true} (the emulator's acceptor uses it) then
 * re-read it, so a later test class may start a KDC on another port. Start one KDC per test class.
 */
public final class EmbeddedKdc implements AutoCloseable {

    private final SimpleKdcServer kdc;
    private final Path workDir;
    private final String realm;
    private final int port;
    private final Path krb5Conf;

    private EmbeddedKdc(SimpleKdcServer kdc, Path workDir, String realm, int port, Path krb5Conf) {
        this.kdc = kdc;
        this.workDir = workDir;
        this.realm = realm;
        this.port = port;
        this.krb5Conf = krb5Conf;
    }

    /**
     * Starts a KDC for the realm on a free loopback TCP port, keeping its files (krb5.conf, keytabs) in
     * {@code workDir}.
     */
    public static EmbeddedKdc start(Path workDir, String realm) {
        Objects.requireNonNull(workDir, "workDir");
        if (!realm.equals(realm.toUpperCase(Locale.ROOT)) || realm.isBlank()) {
            throw new IllegalArgumentException("realm must be upper case and not blank, found \"" + realm + "\"");
        }
        try {
            Files.createDirectories(workDir);
            int port = freePort();
            SimpleKdcServer kdc = new SimpleKdcServer();
            kdc.setWorkDir(workDir.toFile());
            kdc.setKdcHost("localhost");
            kdc.setKdcRealm(realm);
            kdc.setKdcTcpPort(port);
            kdc.setAllowUdp(false);
            kdc.init();
            kdc.start();
            Path conf = workDir.resolve("krb5-jdk.conf");
            Files.writeString(conf, "[libdefaults]\n"
                    + "  default_realm = " + realm + "\n"
                    + "  udp_preference_limit = 1\n"
                    + "  dns_lookup_kdc = false\n"
                    + "  dns_lookup_realm = false\n"
                    + "  rdns = false\n"
                    + "[realms]\n"
                    + "  " + realm + " = {\n"
                    + "    kdc = localhost:" + port + "\n"
                    + "  }\n"
                    + "[domain_realm]\n"
                    + "  localhost = " + realm + "\n"
                    + "  .localhost = " + realm + "\n", StandardCharsets.UTF_8);
            return new EmbeddedKdc(kdc, workDir, realm, port, conf);
        } catch (KrbException e) {
            throw new IllegalStateException("could not start the embedded KDC for realm " + realm + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the KDC directory " + workDir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The realm. */
    public String realm() {
        return realm;
    }

    /** The KDC's TCP port. */
    public int port() {
        return port;
    }

    /** The krb5.conf the JDK should use for this realm. */
    public Path krb5Conf() {
        return krb5Conf;
    }

    /** {@code name@REALM}, unless the name already has a realm. */
    public String principal(String name) {
        return name.contains("@") ? name : name + "@" + realm;
    }

    /** Creates a principal with a password. */
    public void createPrincipal(String name, String password) {
        try {
            kdc.createPrincipal(principal(name), password);
        } catch (KrbException e) {
            throw new IllegalStateException("could not create principal " + principal(name) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates a principal with a random key (a service, e.g. {@code HTTP/localhost}) and exports it to a keytab
     * in the work directory.
     *
     * @return the keytab path
     */
    public Path exportKeytab(String name) {
        String principal = principal(name);
        Path keytab = workDir.resolve(principal.replaceAll("[^A-Za-z0-9.-]", "_") + ".keytab");
        try {
            kdc.createPrincipal(principal);
            Files.deleteIfExists(keytab);
            kdc.exportPrincipal(principal, keytab.toFile());
            return keytab;
        } catch (KrbException e) {
            throw new IllegalStateException("could not export principal " + principal + " to " + keytab + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not replace keytab " + keytab, e);
        }
    }

    /**
     * Points this JVM's Kerberos at this KDC: sets {@code java.security.krb5.conf} and reloads the JDK's cached
     * configuration when the JVM allows it.
     *
     * @return whether the JDK's cached configuration was reloaded (false when the JDK had not loaded one yet
     *         or the package is not exported; the first use then reads the new file anyway)
     */
    public boolean useKrb5Conf() {
        System.setProperty("java.security.krb5.conf", krb5Conf.toString());
        try {
            Class<?> config = Class.forName("sun.security.krb5.Config");
            Method refresh = config.getMethod("refresh");
            refresh.invoke(null);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Stops the KDC and deletes its work directory. */
    @Override
    public void close() {
        try {
            kdc.stop();
        } catch (KrbException e) {
            throw new IllegalStateException("could not stop the embedded KDC: " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: the directory is usually a JUnit @TempDir that is cleaned anyway
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKdc[realm=" + realm + ", port=" + port + "]";
    }
}
