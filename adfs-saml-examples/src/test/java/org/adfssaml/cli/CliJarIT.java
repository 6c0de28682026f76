package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a user runs it: {@code java -jar adfs-saml.jar ...} in a separate process. */
class CliJarIT {

    @TempDir
    static Path shared;
    private static Emulators emulators;

    /** What a relaunching JVM logs with --verbose, before the child's options. */
    private static final String RELAUNCHED = "[DEBUG] Relaunch - running the command in a JVM started with ";

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        Subprocess.assumeJar();
        emulators = Emulators.start(shared);
    }

    @AfterAll
    static void stop() {
        if (emulators != null) {
            emulators.close();
        }
    }

    private Map<String, String> env() {
        return Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    }

    @Test
    void helpWhenRunFromTheJarThenEveryCommandListedAndExit0() throws Exception {
        CliRun.Result r = Subprocess.run(Subprocess.cli("--help"), env(), "");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: adfs-saml [-hvV] [COMMAND]")
                .contains("  login ").contains("  credential-process").contains("  roles ").contains("  inspect ")
                .contains("  configure ").contains("  demo ");
    }

    @Test
    void versionWhenRunFromTheJarThenProjectVersion() throws Exception {
        CliRun.Result r = Subprocess.run(Subprocess.cli("--version"), env(), "");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("adfs-saml 0.1.0-SNAPSHOT\n");
    }

    @Test
    void inspectWhenRunFromTheJarThenOpenSamlWorksAfterShading() throws Exception {
        Path response = Files.writeString(home.resolve("r.b64"), emulators.idp.response().clock(Clock.systemUTC())
                .role("111122223333", "AWS-Dev", "ADFS").base64());

        CliRun.Result r = Subprocess.run(Subprocess.cli("inspect", response.toString(), "--trust-cert",
                emulators.trustCert.toString()), env(), "");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("VALID\n").contains("arn:aws:iam::111122223333:role/AWS-Dev");
    }

    /** {@code java -jar adfs-saml.jar login --verbose} as Bob, with {@code jvmOptions} before {@code -jar}. */
    private List<String> verboseBobLogin(String... jvmOptions) {
        List<String> args = new ArrayList<>(List.of("login", "--verbose", "--username", Emulators.BOB));
        args.addAll(emulators.args());
        List<String> command = new ArrayList<>(Subprocess.cli(args.toArray(String[]::new)));
        command.addAll(1, List.of(jvmOptions));
        return command;
    }

    private Map<String, String> bobEnv() {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("ADFS_PASSWORD", Emulators.BOB_PASSWORD);
        return env;
    }

    @Test
    void loginWhenVerboseThenDebugOnStderrWithoutPasswordOrKeys() throws Exception {
        CliRun.Result r = Subprocess.run(verboseBobLogin(), bobEnv(), "");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        // plain java -jar: the sign-in ran in a child JVM (no class-data sharing archive in this home)
        assertThat(r.err()).startsWith(RELAUNCHED
                + "[-XX:TieredStopAtLevel=1, -XX:-Inline, -XX:CICompilerCount=1, -XX:-UsePerfData] "
                + "(ADFS_SAML_RELAUNCH=false runs it in this one)\n").contains("[DEBUG] HttpSession - GET ");
        String credentials = Files.readString(home.resolve("credentials"));
        String secret = value(credentials, "aws_secret_access_key");
        String token = value(credentials, "aws_session_token");
        assertThat(r.out() + r.err()).doesNotContain(Emulators.BOB_PASSWORD).doesNotContain(secret).doesNotContain(token)
                .doesNotContain("SAMLResponse=");
    }

    @Test
    void loginWhenJvmOptionGivenOrRelaunchSwitchedOffThenSignsInWithoutAChildJvm() throws Exception {
        Map<String, String> switchedOff = bobEnv();
        switchedOff.put("ADFS_SAML_RELAUNCH", "false");

        CliRun.Result optioned = Subprocess.run(verboseBobLogin("-Dadfs.example=1"), bobEnv(), "");
        CliRun.Result off = Subprocess.run(verboseBobLogin(), switchedOff, "");

        for (CliRun.Result r : List.of(optioned, off)) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("[DEBUG] HttpSession - GET ").doesNotContain(RELAUNCHED);
        }
    }

    @Test
    void loginWhenRelaunchingJvmIsStoppedThenItsChildStopsToo() throws Exception {
        // an IdP that accepts connections and never answers: the child waits in its TLS handshake, which gives up after
        // the 10 s connect timeout; stopped by its parent, it ends within a second or two
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String idpUrl = "https://127.0.0.1:" + silent.getLocalPort() + "/adfs/ls/IdpInitiatedSignOn.aspx";
            ProcessBuilder builder = Subprocess.builder(
                    Subprocess.cli("login", "--username", Emulators.BOB, "--idp-url", idpUrl), bobEnv());
            Process parent = builder.redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile()).start();
            try {
                ProcessHandle child = null;
                for (int i = 0; i < 1200 && (child == null || accepted.isEmpty()); i++) {
                    child = parent.toHandle().children().findFirst().orElse(null);
                    Thread.sleep(50);
                }
                assertThat(child).as("the relaunched child of " + parent.pid()).isNotNull();
                assertThat(accepted).as("the child's connection to the IdP").isNotEmpty();
                assertThat(child.isAlive()).as("child waiting for the IdP").isTrue();

                java.util.concurrent.CompletableFuture<ProcessHandle> childExit = child.onExit();

                parent.toHandle().destroy(); // SIGTERM, as a CI job's timeout or kill sends it

                assertThat(childExit).as("child stopped well before its own 10 s handshake timeout")
                        .succeedsWithin(java.time.Duration.ofSeconds(5));
                assertThat(parent.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("parent stopped").isTrue();
            } finally {
                parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                parent.destroyForcibly();
                for (java.net.Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void wrongPasswordWhenRunFromTheJarThenExit3OneLine() throws Exception {
        List<String> args = new ArrayList<>(List.of("login", "--username", Emulators.BOB, "--password-stdin"));
        args.addAll(emulators.args());

        CliRun.Result r = Subprocess.run(Subprocess.cli(args.toArray(String[]::new)), env(), "not-the-password\n");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.AUTHENTICATION_REFUSED);
        assertThat(r.err()).startsWith("adfs-saml: authentication refused: ");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void loginWhenStsRefusesThenExit6WithTheReasonFromItsErrorResponse() throws Exception {
        // STS's ErrorResponse is XML that the SDK reads with whichever StAX parser the jar leaves it: the JDK's, as the
        // jar carries no other (Woodstox is left out of it)
        try (Emulators untrusting = Emulators.start(home, TestIdp.generate("someone-else.example.test"))) {
            List<String> args = new ArrayList<>(List.of("login"));
            args.addAll(untrusting.args("--username", Emulators.BOB));

            CliRun.Result r = Subprocess.run(Subprocess.cli(args.toArray(String[]::new)), bobEnv(), "");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.STS_REFUSED);
            assertThat(r.err()).startsWith("adfs-saml: STS refused: ").contains("Response signature invalid");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
    }

    @Test
    void bouncyCastleWhenItsProviderIsLeftOutOfTheJarThenEveryCertificateBuilderAndOperatorClassStillLinks()
            throws Exception {
        // the jar carries Bouncy Castle for the demo's certificates without its JCA provider: a class of the packages
        // the testkit builds them with that names a class left out would fail here, not in a user's demo
        List<String> failures = new ArrayList<>();
        int linked = 0;
        try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {Subprocess.jar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader()); JarFile jar = new JarFile(Subprocess.jar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if ((name.startsWith("org/bouncycastle/cert/") || name.startsWith("org/bouncycastle/operator/"))
                        && name.endsWith(".class")) {
                    String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                    try {
                        Class.forName(className, true, jarOnly);
                        linked++;
                    } catch (ClassNotFoundException | LinkageError e) {
                        failures.add(className + ": " + e);
                    }
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(linked).isGreaterThan(100);
    }

    @Test
    void credentialProcessWhenPlainJarLinesFindNoCacheThenOneRelaunchedChildSignsInForAllParallelCalls()
            throws Exception {
        // a hand-written credential_process line without JVM options: the process that finds the cache empty keeps the
        // cache's lock and hands it to the child JVM it relaunches; the others wait for the lock, then read the cache
        try (Emulators slow = Emulators.start(home)) {
            Map<String, String> env = bobEnv();
            List<String> configure = new ArrayList<>(List.of("configure", "--profile", "plain", "--username",
                    Emulators.BOB, "--no-cds"));
            configure.addAll(slow.args());
            assertThat(Subprocess.run(Subprocess.cli(configure.toArray(String[]::new)), env, "").exitCode()).isZero();
            slow.adfs.setResponseDelay(Duration.ofMillis(300));
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                processes.add(Subprocess.builder(Subprocess.cli("credential-process", "--profile", "plain"), env)
                        .redirectOutput(home.resolve("out." + i).toFile())
                        .redirectError(home.resolve("err." + i).toFile()).start());
            }
            Set<Long> relaunching = new HashSet<>();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (processes.stream().anyMatch(Process::isAlive) && System.nanoTime() < deadline) {
                    for (Process process : processes) {
                        if (process.toHandle().children().findAny().isPresent()) {
                            relaunching.add(process.pid());
                        }
                    }
                    Thread.sleep(20);
                }
            } finally {
                for (Process process : processes) {
                    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }

            Set<String> keys = new HashSet<>();
            for (int i = 0; i < processes.size(); i++) {
                assertThat(processes.get(i).exitValue()).as(Files.readString(home.resolve("err." + i))).isZero();
                String out = Files.readString(home.resolve("out." + i));
                assertThat(out).startsWith("{\"Version\":1,\"AccessKeyId\":\"");
                keys.add(out.substring(0, out.indexOf("\",\"SecretAccessKey\"")));
            }
            assertThat(relaunching).as("processes that ran the sign-in in a child JVM").hasSize(1);
            assertThat(keys).as("access keys handed out").hasSize(1);
            assertThat(slow.adfs.requestLog().signInCount(Emulators.BOB)).isEqualTo(1);
        }
    }

    @Test
    void demoWhenRunFromTheJarWithoutTerminalThenCallerArnAndExit0() throws Exception {
        CliRun.Result r = Subprocess.run(Subprocess.cli("demo"), env(), "");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("StsClient.getCallerIdentity().arn() = arn:aws:sts::111122223333:assumed-role/AWS-Admin/");
    }

    @Test
    void credentialProcessWhenCacheFreshThenServedWithoutLoadingPicocliLoggingHttpOrStsClasses() throws Exception {
        Map<String, String> env = bobEnv();
        List<String> configure = new ArrayList<>(List.of("configure", "--profile", "fast", "--username", Emulators.BOB,
                "--no-cds"));
        configure.addAll(emulators.args());
        assertThat(Subprocess.run(Subprocess.cli(configure.toArray(String[]::new)), env, "").exitCode()).isZero();
        Path coldLog = home.resolve("cold-classes.log");
        Path cachedLog = home.resolve("cached-classes.log");

        CliRun.Result cold = Subprocess.run(withClassLog(coldLog, "credential-process", "--profile", "fast"), env, "");
        CliRun.Result cached = Subprocess.run(withClassLog(cachedLog, "credential-process", "--profile", "fast"), env, "");

        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        assertThat(cached.exitCode()).as(cached.toString()).isZero();
        assertThat(cached.out()).isEqualTo(cold.out()).startsWith("{\"Version\":1,");
        assertThat(cached.err()).isEmpty();
        // the cold call shows that the log would name these packages if they were loaded
        assertThat(Files.readString(coldLog)).contains(" picocli.CommandLine ").contains(" org.slf4j.")
                .contains(" org.apache.hc.").contains(" software.amazon.awssdk.services.sts.");
        assertThat(Files.readString(cachedLog)).doesNotContain(" picocli.").doesNotContain(" org.slf4j.")
                .doesNotContain(" org.apache.hc.").doesNotContain(" software.amazon.awssdk.services.")
                .doesNotContain(" org.opensaml.").contains(" org.adfssaml.cli.internal.CachedCredentialProcess ");
    }

    @Test
    void configureWhenRunFromTheJarThenClassDataSharingArchiveBuiltAndUsedByTheCredentialProcessLine() throws Exception {
        Map<String, String> env = bobEnv();
        List<String> configure = new ArrayList<>(List.of("configure", "--profile", "cds", "--username", Emulators.BOB));
        configure.addAll(emulators.args());

        CliRun.Result configured = Subprocess.run(Subprocess.cli(configure.toArray(String[]::new)), env, "");

        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(configured.err()).startsWith("Building a class-data sharing archive for faster starts");
        String line = value(Files.readString(home.resolve("config")), "credential_process");
        Path archive;
        try (var files = Files.list(home.resolve(".aws/adfs-saml/cds"))) {
            archive = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        assertThat(line).isEqualTo(Subprocess.java() + " -XX:TieredStopAtLevel=1 -XX:-Inline -XX:CICompilerCount=1 -XX:-UsePerfData -XX:SharedArchiveFile=" + archive
                + " -Xlog:cds=off -Xlog:cds+dynamic=off -cp " + Subprocess.jar() + " org.adfssaml.cli.AdfsSamlCli"
                + " credential-process --profile cds");
        // run the line as the AWS CLI would (no quoting needed: no path here has a space), logging class loads
        List<String> words = new ArrayList<>(List.of(line.split(" ")));
        Path classes = home.resolve("classes.log");
        words.add(1, "-Xlog:class+load=info:file=" + classes);
        words.add("--no-cache");

        CliRun.Result signedIn = Subprocess.run(words, env, "");

        assertThat(signedIn.exitCode()).as(signedIn.toString()).isZero();
        assertThat(signedIn.out()).startsWith("{\"Version\":1,\"AccessKeyId\":\"");
        assertThat(signedIn.err()).isEmpty();
        // a static archive: application classes, picocli (Java 5 class files) and JDK classes all come from it
        assertThat(Files.readString(classes)).contains("org.adfssaml.provider.AdfsSignIn source: shared objects file\n")
                .contains("software.amazon.awssdk.services.sts.DefaultStsClient source: shared objects file\n")
                .contains("picocli.CommandLine source: shared objects file\n");

        // a plain java -jar login relaunches itself with the same options, archive included
        CliRun.Result plain = Subprocess.run(Subprocess.cli("login", "--profile", "cds", "--verbose"), env, "");

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).startsWith(RELAUNCHED
                + "[-XX:TieredStopAtLevel=1, -XX:-Inline, -XX:CICompilerCount=1, -XX:-UsePerfData, "
                + "-XX:SharedArchiveFile=" + archive + ", -Xlog:cds=off, -Xlog:cds+dynamic=off] ");
    }

    private static List<String> withClassLog(Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Subprocess.java(), "-Xlog:class+load=info:file=" + log,
                "-jar", Subprocess.jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static String value(String ini, String key) {
        return ini.lines().filter(l -> l.startsWith(key + " = ")).map(l -> l.substring(key.length() + 3)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in\n" + ini));
    }
}
