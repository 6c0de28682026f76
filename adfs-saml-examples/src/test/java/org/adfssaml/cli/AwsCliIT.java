package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI (Debian package {@code awscli}) against the STS emulator, reading what {@code login} and
 * {@code configure} wrote. Skipped with a message when {@code aws} is not on the PATH.
 */
class AwsCliIT {

    @TempDir
    static Path shared;
    private static Emulators emulators;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        Subprocess.assumeJar();
        Assumptions.assumeTrue(Subprocess.onPath("aws"),
                "the AWS CLI (`aws`, Debian package awscli) is not on the PATH: skipping the AWS CLI tests");
        emulators = Emulators.start(shared);
    }

    @AfterAll
    static void stop() {
        if (emulators != null) {
            emulators.close();
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        return env;
    }

    private static List<String> awsCallerIdentity(String profile) {
        return List.of("aws", "--profile", profile, "--endpoint-url", emulators.sts.endpoint().toString(),
                "--output", "text", "--query", "Arn", "sts", "get-caller-identity");
    }

    @Test
    void awsCliWhenProfileWrittenByLoginThenGetCallerIdentityAnswersTheRole() throws Exception {
        List<String> login = new ArrayList<>(List.of("login", "--username", Emulators.ALICE, "--password-stdin",
                "--role-arn", Emulators.DEV));
        login.addAll(emulators.args());
        CliRun.Result loggedIn = Subprocess.run(Subprocess.cli(login.toArray(String[]::new)), env(),
                Emulators.ALICE_PASSWORD + "\n");
        assertThat(loggedIn.exitCode()).as(loggedIn.toString()).isZero();

        CliRun.Result aws = Subprocess.run(awsCallerIdentity("saml"), env(), "");

        assertThat(aws.exitCode()).as(aws.toString()).isZero();
        assertThat(aws.out()).startsWith("arn:aws:sts::111122223333:assumed-role/AWS-Developer/");
    }

    @Test
    void awsCliWhenCredentialProcessFromConfigureThenThreeSequentialAndFourParallelCallsSignInOnce() throws Exception {
        List<String> configure = new ArrayList<>(List.of("configure", "--profile", "adfs", "--username", Emulators.ALICE,
                "--role-arn", Emulators.READONLY));
        configure.addAll(emulators.args());
        CliRun.Result configured = Subprocess.run(Subprocess.cli(configure.toArray(String[]::new)), env(), "");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        // with the class-data sharing options, whose -Xlog settings keep the JVM's CDS messages out of the JSON
        assertThat(configured.out()).containsPattern("credential_process = " + java.util.regex.Pattern.quote(Subprocess.java()
                + " -XX:TieredStopAtLevel=1 -XX:-Inline -XX:CICompilerCount=1 -XX:-UsePerfData -XX:SharedArchiveFile=") + "\\S+\\.jsa" + java.util.regex.Pattern.quote(
                " -Xlog:cds=off -Xlog:cds+dynamic=off -cp " + Subprocess.jar() + " org.adfssaml.cli.AdfsSamlCli"
                + " credential-process --profile adfs"));
        Map<String, String> env = env();
        env.put("ADFS_PASSWORD", Emulators.ALICE_PASSWORD);
        int before = emulators.adfs.requestLog().signInCount(Emulators.ALICE);

        for (int i = 0; i < 3; i++) {
            CliRun.Result aws = Subprocess.run(awsCallerIdentity("adfs"), env, "");
            assertThat(aws.exitCode()).as(aws.toString()).isZero();
            assertThat(aws.out()).startsWith("arn:aws:sts::444455556666:assumed-role/AWS-ReadOnly/");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CliRun.Result>> parallel = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                parallel.add(pool.submit(() -> Subprocess.run(awsCallerIdentity("adfs"), env, "")));
            }
            for (Future<CliRun.Result> result : parallel) {
                CliRun.Result aws = result.get();
                assertThat(aws.exitCode()).as(aws.toString()).isZero();
                assertThat(aws.out()).startsWith("arn:aws:sts::444455556666:assumed-role/AWS-ReadOnly/");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(emulators.adfs.requestLog().signInCount(Emulators.ALICE) - before).isEqualTo(1);
    }

    @Test
    void awsCliWhenParallelCallsWithEmptyCacheThenStillOneSignIn() throws Exception {
        List<String> configure = new ArrayList<>(List.of("configure", "--profile", "cold", "--username", Emulators.BOB,
                "--no-cds"));
        configure.addAll(emulators.args());
        assertThat(Subprocess.run(Subprocess.cli(configure.toArray(String[]::new)), env(), "").exitCode()).isZero();
        Map<String, String> env = env();
        env.put("ADFS_PASSWORD", Emulators.BOB_PASSWORD);
        int before = emulators.adfs.requestLog().signInCount(Emulators.BOB);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CliRun.Result>> parallel = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                parallel.add(pool.submit(() -> Subprocess.run(awsCallerIdentity("cold"), env, "")));
            }
            for (Future<CliRun.Result> result : parallel) {
                CliRun.Result aws = result.get();
                assertThat(aws.exitCode()).as(aws.toString()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(emulators.adfs.requestLog().signInCount(Emulators.BOB) - before).isEqualTo(1);
    }
}
