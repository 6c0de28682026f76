package org.adfssaml.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import software.amazon.awssdk.regions.Region;

/**
 * Starts the testkit's AD FS emulator (TLS) and STS emulator in this process, for benchmarks that run the CLI as
 * separate processes ({@code src/bench/process-bench.sh}), and waits until killed.
 *
 * <p>{@code java -cp benchmarks.jar org.adfssaml.bench.EmulatorLauncher DIR [PAGE_STYLE]} writes into {@code DIR}:
 * {@code adfs-ca.pem} (for {@code --ca-bundle}), {@code adfs-signing.pem} (for {@code --trust-cert}),
 * {@code response.b64} (a signed three-role response valid for an hour, for {@code inspect}) and last, atomically,
 * {@code env}: shell assignments {@code IDP_URL}, {@code STS_URL}, {@code CONTROL_URL}, {@code BENCH_USER},
 * {@code BENCH_PASSWORD}, {@code ROLE_ARN}. {@code CONTROL_URL/stats} answers the request log in
 * {@code key=value} lines followed by one line per request; {@code CONTROL_URL/clear} empties it.
 *
 * <p>Before it writes {@code env} it serves {@value #WARM_UP_SIGN_INS} whole sign-ins (each with a new TLS context, so
 * a full handshake, a federation metadata request and an AssumeRoleWithSAML) to itself and then empties the request log: a real AD FS is a warm
 * server, and an emulator still compiling its own code would take CPU from the measured CLI on a 2-core machine
 * (about 250 ms of CPU per sign-in for its first ten sign-ins, 70 to 100 ms once warm).
 */
public final class EmulatorLauncher {

    static final String USER = "EXAMPLE\\bench";
    /** Not a secret: the emulated AD FS lives only as long as the benchmark. */
    static final String PASSWORD = "bench-Passw0rd";
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/AWS-Developer";
    static final String[] ROLES = {
        "arn:aws:iam::111122223333:role/AWS-Admin,arn:aws:iam::111122223333:saml-provider/ADFS",
        ROLE_ARN + ",arn:aws:iam::111122223333:saml-provider/ADFS",
        "arn:aws:iam::444455556666:role/AWS-ReadOnly,arn:aws:iam::444455556666:saml-provider/ADFS"};

    static final int WARM_UP_SIGN_INS = 120;

    private EmulatorLauncher() {
    }

    /**
     * Starts the emulators.
     *
     * @param args the output directory, then optionally the AD FS page style (default ADFS_2019)
     * @throws Exception when an emulator or the control server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EmulatorLauncher DIR [" + java.util.Arrays.toString(PageStyle.values()) + "]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        PageStyle style = args.length > 1 ? PageStyle.valueOf(args[1]) : PageStyle.ADFS_2019;
        TestIdp idp = TestIdp.generate();
        AdfsEmulator adfs = AdfsEmulator.builder().idp(idp).pageStyle(style)
                .user(AdfsUser.builder(USER).password(PASSWORD).roles(ROLES).build())
                .build().start();
        StsEmulator sts = StsEmulator.builder().trust(idp).build().start();
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.createContext("/stats", exchange -> answer(exchange, stats(adfs.requestLog(), sts)));
        control.createContext("/clear", exchange -> {
            adfs.requestLog().clear();
            answer(exchange, "cleared\n");
        });
        control.start();
        warmUp(adfs, sts);

        Files.writeString(dir.resolve("adfs-ca.pem"), adfs.caCertificatePem());
        Files.writeString(dir.resolve("adfs-signing.pem"), idp.certificatePem());
        Files.writeString(dir.resolve("response.b64"), idp.response().roles(ROLES).validFor(Duration.ofHours(1)).base64());
        String env = "IDP_URL='" + adfs.signOnUrl() + "'\n"
                + "STS_URL='" + sts.endpoint() + "'\n"
                + "CONTROL_URL='http://" + control.getAddress().getAddress().getHostAddress() + ":"
                + control.getAddress().getPort() + "'\n"
                + "BENCH_USER='" + USER + "'\n"
                + "BENCH_PASSWORD='" + PASSWORD + "'\n"
                + "ROLE_ARN='" + ROLE_ARN + "'\n"
                + "PAGE_STYLE='" + style + "'\n";
        Path tmp = Files.writeString(dir.resolve("env.tmp"), env);
        Files.move(tmp, dir.resolve("env"), StandardCopyOption.ATOMIC_MOVE);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            adfs.close();
            sts.close();
            stopped.countDown();
        }));
        System.out.println("emulators up: " + adfs.signOnUrl() + " and " + sts.endpoint() + " (" + style + ")");
        stopped.await();
    }

    private static void warmUp(AdfsEmulator adfs, StsEmulator sts) {
        for (int i = 0; i < WARM_UP_SIGN_INS; i++) {
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username(USER)
                    .passwordSource(PASSWORD::toCharArray).trustStore(adfs.trustStore()).build();
            // the default trust: the federation metadata, fetched by every provider (no metadata cache here)
            try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder().signIn(signIn)
                    .roleSelector(RoleSelector.byArn(ROLE_ARN))
                    .stsEndpoint(sts.endpoint()).region(Region.US_EAST_1).build()) {
                provider.resolveCredentials();
            }
        }
        adfs.requestLog().clear();
    }

    static String stats(RequestLog log, StsEmulator sts) {
        StringBuilder out = new StringBuilder();
        long gets = log.entries().stream().filter(e -> "GET".equalsIgnoreCase(e.method())).count();
        long posts = log.entries().stream().filter(RequestLog.Entry::isPost).count();
        out.append("signIns=").append(log.signInCount(USER)).append('\n')
                .append("requests=").append(log.entries().size()).append('\n')
                .append("gets=").append(gets).append('\n')
                .append("posts=").append(posts).append('\n')
                .append("assumeRoleCalls=").append(sts.assumeRoleCalls()).append('\n');
        for (RequestLog.Entry e : log.entries()) {
            out.append("request ").append(e.method()).append(' ').append(e.path()).append(' ').append(e.outcome())
                    .append(' ').append(e.status()).append('\n');
        }
        return out.toString();
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
