package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.adfssaml.provider.CredentialProcessOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class RolesAndCredentialProcessTest {

    @TempDir
    static Path shared;
    private static Emulators emulators;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        emulators = Emulators.start(shared);
    }

    @AfterAll
    static void stop() {
        emulators.close();
    }

    private static String[] args(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(emulators.args(more));
        return args.toArray(String[]::new);
    }

    private static String[] rolesArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("roles"));
        args.addAll(emulators.signInArgs(more));
        return args.toArray(String[]::new);
    }

    @Test
    void rolesWhenJsonThenExactShapeGroupedByAccount() {
        CliRun.Result r = CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.ALICE_PASSWORD)
                .run(rolesArgs("--username", Emulators.ALICE, "--json"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).isEqualTo("[\n"
                + "  {\n    \"accountId\": \"111122223333\",\n    \"roleName\": \"AWS-Developer\",\n"
                + "    \"roleArn\": \"" + Emulators.DEV + "\",\n"
                + "    \"principalArn\": \"arn:aws:iam::111122223333:saml-provider/ADFS\"\n  },\n"
                + "  {\n    \"accountId\": \"111122223333\",\n    \"roleName\": \"AWS-Admin\",\n"
                + "    \"roleArn\": \"" + Emulators.ADMIN + "\",\n"
                + "    \"principalArn\": \"arn:aws:iam::111122223333:saml-provider/ADFS\"\n  },\n"
                + "  {\n    \"accountId\": \"444455556666\",\n    \"roleName\": \"AWS-ReadOnly\",\n"
                + "    \"roleArn\": \"" + Emulators.READONLY + "\",\n"
                + "    \"principalArn\": \"arn:aws:iam::444455556666:saml-provider/ADFS\"\n  }\n]\n");
    }

    @Test
    void rolesWhenTextThenOneLinePerRoleUnderItsAccount() {
        CliRun.Result r = CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.ALICE_PASSWORD)
                .run(rolesArgs("--username", Emulators.ALICE));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).isEqualTo("  Account 111122223333\n"
                + "    AWS-Developer  " + Emulators.DEV + "  via arn:aws:iam::111122223333:saml-provider/ADFS\n"
                + "    AWS-Admin  " + Emulators.ADMIN + "  via arn:aws:iam::111122223333:saml-provider/ADFS\n"
                + "  Account 444455556666\n"
                + "    AWS-ReadOnly  " + Emulators.READONLY + "  via arn:aws:iam::444455556666:saml-provider/ADFS\n");
    }

    @Test
    void configureWhenProfileGivenThenAdfsKeysAndCredentialProcessWrittenOtherContentKept() throws Exception {
        Path config = home.resolve("aws-config");
        Files.writeString(config, "# my settings\n[default]\nregion = eu-west-1\n\n[profile dev]\nadfs_username = old\n"
                + "s3 =\n  max_concurrent_requests = 4\noutput = json\n");

        CliRun.Result r = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString())
                .run(args("configure", "--profile", "dev", "--username", Emulators.BOB, "--launch-command", "adfs-saml"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(Files.readString(config)).isEqualTo("# my settings\n[default]\nregion = eu-west-1\n\n[profile dev]\n"
                + "adfs_username = " + Emulators.BOB + "\n"
                + "s3 =\n  max_concurrent_requests = 4\noutput = json\n"
                + "adfs_idp_url = " + emulators.adfs.signOnUrl() + "\n"
                + "adfs_ca_bundle = " + emulators.caBundle + "\n"
                + "region = us-east-1\n"
                + "adfs_sts_endpoint = " + emulators.sts.endpoint() + "\n"
                + "credential_process = adfs-saml credential-process --profile dev\n");
    }

    @Test
    void configureWhenDefaultLaunchCommandThenLauncherScriptStartsTheCliLikeTheCredentialProcessLine() throws Exception {
        Path config = home.resolve("config");

        CliRun.Result r = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString())
                .run(args("configure", "--profile", "lp", "--username", Emulators.BOB, "--no-cds"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path launcher = home.resolve(".aws/adfs-saml/bin/adfs-saml");
        assertThat(r.out()).endsWith("By hand, with the same fast start: " + launcher + " login --profile lp\n");
        String line = CliJarIT.value(Files.readString(config), "credential_process");
        String launch = line.substring(0, line.length() - " credential-process --profile lp".length());
        assertThat(Files.readString(launcher)).isEqualTo("#!/bin/sh\n# written by `adfs-saml configure`: this CLI with "
                + "the JVM options of its credential_process line\nexec " + launch + " \"$@\"\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher))).isEqualTo("rwx------");
        Process version = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).start();
        String printed = new String(version.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(version.waitFor()).as(printed).isZero();
        assertThat(printed).startsWith("adfs-saml ");
    }

    @Test
    void credentialProcessWhenCalledTwiceThenOneSignInAndCachedFileIsPrivate() throws Exception {
        Path config = home.resolve("config");
        CliRun configure = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString());
        assertThat(configure.run(args("configure", "--profile", "cp", "--username", Emulators.BOB)).exitCode()).isZero();
        int before = emulators.adfs.requestLog().signInCount(Emulators.BOB);

        CliRun run = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString()).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD);
        CliRun.Result first = run.run("credential-process", "--profile", "cp");
        CliRun.Result second = run.run("credential-process", "--profile", "cp");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        AwsSessionCredentials credentials = CredentialProcessOutput.parse(first.out().trim());
        assertThat(credentials.expirationTime()).isPresent();
        assertThat(first.out()).startsWith("{\"Version\":1,\"AccessKeyId\":\"").endsWith("}\n");
        assertThat(first.err()).isEmpty();
        assertThat(emulators.adfs.requestLog().signInCount(Emulators.BOB) - before).isEqualTo(1);
        Path cacheDir = home.resolve(".aws/adfs-saml/cache");
        try (var files = Files.list(cacheDir)) {
            Path cached = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir))).isEqualTo("rwx------");
    }

    @Test
    void credentialProcessWhenFourRunConcurrentlyThenOneSignIn() throws Exception {
        Path config = home.resolve("config");
        CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString())
                .run(args("configure", "--profile", "par", "--username", Emulators.ALICE, "--role-arn", Emulators.READONLY));
        int before = emulators.adfs.requestLog().signInCount(Emulators.ALICE);
        CliRun run = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString())
                .env("ADFS_PASSWORD", Emulators.ALICE_PASSWORD);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<CliRun.Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Callable<CliRun.Result> call = () -> run.run("credential-process", "--profile", "par");
                results.add(pool.submit(call));
            }
            String firstOut = null;
            for (Future<CliRun.Result> result : results) {
                CliRun.Result r = result.get();
                assertThat(r.exitCode()).as(r.toString()).isZero();
                firstOut = firstOut == null ? r.out() : firstOut;
                assertThat(r.out()).isEqualTo(firstOut);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulators.adfs.requestLog().signInCount(Emulators.ALICE) - before).isEqualTo(1);
    }

    @Test
    void credentialProcessWhenProfileHasNoIdpUrlThenExit2() {
        CliRun.Result r = CliRun.inHome(home).run("credential-process", "--profile", "nothing");

        assertThat(r.exitCode()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("adfs-saml: no IdP URL: expected --idp-url or adfs_idp_url in profile 'nothing'");
    }

    @Test
    void demoWhenNoTerminalThenFirstRoleAndCallerArnPrintedAndItsCredentialsFileRemoved() {
        CliRun.Result r = CliRun.inHome(home).run("demo");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).contains("(no terminal: taking the first role offered, arn:aws:iam::111122223333:role/AWS-Admin)")
                .contains("StsClient.getCallerIdentity().arn() = arn:aws:sts::111122223333:assumed-role/AWS-Admin/");
        assertThat(home.resolve(".aws")).doesNotExist();
        java.util.regex.Matcher wrote = java.util.regex.Pattern
                .compile("Wrote profile 'saml' to (\\S+) \\(expires [^;]+; removed with the emulators when the demo ends\\)")
                .matcher(r.out());
        assertThat(wrote.find()).as(r.out()).isTrue();
        Path credentials = Path.of(wrote.group(1));
        assertThat(credentials.getFileName()).hasToString("credentials");
        assertThat(credentials.getParent()).as("the demo's temporary directory").doesNotExist();
    }

    @Test
    void demoWhenTrainingThenLoginAndCredentialProcessRunInATemporaryHomeThatIsRemoved() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<List<Path>> trainingHomes = () -> {
            try (var entries = Files.list(tmp)) {
                return entries.filter(p -> p.getFileName().toString().startsWith("adfs-saml-training-")).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<Path> before = trainingHomes.get();

        CliRun.Result r = CliRun.inHome(home).run("demo", "--role-arn", "arn:aws:iam::111122223333:role/AWS-Admin",
                "--training");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).contains("StsClient.getCallerIdentity().arn() = arn:aws:sts::111122223333:assumed-role/AWS-Admin/");
        assertThat(r.err()).as("the training's commands write to no stream of the demo").isEmpty();
        assertThat(trainingHomes.get()).as("training homes left behind").isEqualTo(before);
        assertThat(home.resolve(".aws")).doesNotExist();
    }

    @Test
    void noCommandWhenRunThenExit2AndUsage() {
        CliRun.Result r = CliRun.inHome(home).run();

        assertThat(r.exitCode()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.err()).startsWith("adfs-saml: a command is required (login, credential-process, roles, inspect, "
                + "configure, demo)\nUsage: adfs-saml");
    }
}
