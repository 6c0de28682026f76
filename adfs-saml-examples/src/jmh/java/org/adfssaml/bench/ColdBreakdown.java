package org.adfssaml.bench;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.AdfsSignIn;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;

/**
 * One cold sign-in in a fresh JVM, split into the phases the CLI's {@code login} goes through, each with its wall
 * time and the classes it loaded; then the same network steps again in the warm JVM, which shows how much of each
 * cold phase is class loading and JIT rather than network. Run against {@link EmulatorLauncher}:
 *
 * <p>{@code java -cp benchmarks.jar org.adfssaml.bench.ColdBreakdown DIR} (the launcher's directory).
 */
public final class ColdBreakdown {

    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final List<String> rows = new ArrayList<>();
    private long last;
    private long lastClasses;

    private ColdBreakdown() {
        last = System.nanoTime();
        lastClasses = classes.getTotalLoadedClassCount();
        rows.add(String.format("| JVM start to main() (RuntimeMXBean uptime) | %d | %d |", runtime.getUptime(),
                lastClasses));
    }

    private void phase(String name) {
        long now = System.nanoTime();
        long loaded = classes.getTotalLoadedClassCount();
        rows.add(String.format("| %s | %.1f | %d |", name, (now - last) / 1e6, loaded - lastClasses));
        last = System.nanoTime();
        lastClasses = classes.getTotalLoadedClassCount();
    }

    /**
     * Runs the phases and prints a Markdown table.
     *
     * @param args the launcher's directory
     * @throws Exception when a step fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        java.util.Properties env = new java.util.Properties();
        for (String line : Files.readAllLines(dir.resolve("env"))) {
            int eq = line.indexOf('=');
            env.setProperty(line.substring(0, eq), line.substring(eq + 2, line.length() - 1));
        }
        ColdBreakdown t = new ColdBreakdown();

        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(dir.resolve("adfs-signing.pem")).build();
        t.phase("SamlValidator.build() (PEM trust)");
        SamlResponse sample = validator.validate(Files.readString(dir.resolve("response.b64")));
        t.phase("OpenSAML init + first parse/validate (core)");

        AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(URI.create(env.getProperty("IDP_URL")))
                .username(env.getProperty("BENCH_USER"))
                .passwordSource(env.getProperty("BENCH_PASSWORD")::toCharArray)
                .caBundle(dir.resolve("adfs-ca.pem")).build();
        t.phase("AdfsSignIn.build() (CA bundle, TLS context)");
        SamlResponse response = signIn.signIn();
        t.phase("signIn() #1: HttpClient, TLS handshake, AD FS round trips, jsoup, SAML parse");
        validator.validate(response);
        t.phase("validate the sign-in's response");
        AwsRole role = RoleSelector.byArn(env.getProperty("ROLE_ARN")).select(response.roles());

        StsClient sts = stsClient(env);
        t.phase("StsClient.build() (SDK, URL connection client)");
        AssumeRoleWithSamlResponse assumed = sts.assumeRoleWithSAML(b -> b.roleArn(role.roleArn())
                .principalArn(role.principalArn()).samlAssertion(response.toBase64()));
        t.phase("AssumeRoleWithSAML #1 (SDK marshalling, HTTP, XML unmarshalling)");
        sts.close();

        SamlResponse again = signIn.signIn();
        t.phase("warm: signIn() #2 (same AdfsSignIn)");
        StsClient sts2 = stsClient(env);
        sts2.assumeRoleWithSAML(b -> b.roleArn(role.roleArn()).principalArn(role.principalArn())
                .samlAssertion(again.toBase64()));
        t.phase("warm: StsClient.build() + AssumeRoleWithSAML #2");
        sts2.close();

        System.out.println("| phase | ms | classes loaded |");
        System.out.println("| --- | --- | --- |");
        t.rows.forEach(System.out::println);
        if (sample.roles().isEmpty() || assumed.credentials() == null) {
            throw new IllegalStateException("expected roles and credentials");
        }
    }

    private static StsClient stsClient(java.util.Properties env) {
        return StsClient.builder()
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create(env.getProperty("STS_URL")))
                .region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
