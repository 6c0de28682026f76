package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginCommandTest {

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

    private CliRun.Result login(CliRun run, String... more) {
        List<String> args = new ArrayList<>(List.of("login"));
        args.addAll(emulators.args(more));
        return run.run(args.toArray(String[]::new));
    }

    @Test
    void loginWhenPasswordOnStdinAndRoleArnThenProfileWrittenAndVerified() throws Exception {
        Path credentials = home.resolve(".aws/credentials");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "# mine\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = keep\n");

        CliRun.Result r = login(CliRun.inHome(home).stdin(Emulators.ALICE_PASSWORD + "\n"),
                "--username", Emulators.ALICE, "--password-stdin", "--role-arn", Emulators.ADMIN, "--verify");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).startsWith("Wrote profile 'saml' to " + credentials + "\n  Role:    " + Emulators.ADMIN + "\n")
                .contains("  Caller:  arn:aws:sts::111122223333:assumed-role/AWS-Admin/")
                .contains("Use it with: aws --profile saml sts get-caller-identity");
        String written = Files.readString(credentials);
        assertThat(written).startsWith("# mine\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = keep\n")
                .contains("[saml]").contains("aws_session_token = ");
        assertThat(r.out() + r.err()).doesNotContain(Emulators.ALICE_PASSWORD);
    }

    @Test
    void loginWhenJsonAndEnvPasswordThenJsonAndCredentialsFileOption() throws Exception {
        Path file = home.resolve("elsewhere/creds");

        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD),
                "--username", Emulators.BOB, "--profile", "dev", "--credentials-file", file.toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).startsWith("{\n  \"profile\": \"dev\",\n  \"credentialsFile\": \"" + file + "\",\n"
                + "  \"roleArn\": \"" + Emulators.DEV + "\",\n  \"expiration\": \"");
        assertThat(Files.readString(file)).contains("[dev]");
    }

    @Test
    void loginWhenRunAgainThenMetadataFromTheCacheNotFetched() throws Exception {
        CliRun run = CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD);
        int before = emulators.adfs.requestLog().withOutcome(RequestLog.Outcome.METADATA).size();

        CliRun.Result first = login(run, "--username", Emulators.BOB);
        CliRun.Result second = login(run, "--username", Emulators.BOB);

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(emulators.adfs.requestLog().withOutcome(RequestLog.Outcome.METADATA).size() - before).isEqualTo(1);
        try (var files = Files.list(home.resolve(".aws/adfs-saml/metadata"))) {
            assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString().matches("[0-9a-f]{32}\\.pem");
        }
    }

    @Test
    void loginWhenMfaCodeFromEnvironmentThenSignedIn() {
        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.CAROL_PASSWORD)
                        .env("ADFS_MFA_CODE", Emulators.CAROL_CODE), "--username", Emulators.CAROL);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).contains("  Role:    " + Emulators.READONLY);
    }

    @Test
    void loginWhenMfaCodeOnNextStdinLineThenSignedIn() {
        CliRun.Result r = login(CliRun.inHome(home).stdin(Emulators.CAROL_PASSWORD + "\n" + Emulators.CAROL_CODE + "\n"),
                "--username", Emulators.CAROL, "--password-stdin");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.err()).contains("reading it from standard input");
    }

    @Test
    void loginWhenWrongPasswordThenExit3WithTheIdpsText() {
        CliRun.Result r = login(CliRun.inHome(home).stdin("wrong-password\n"), "--username", Emulators.ALICE,
                "--password-stdin");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.AUTHENTICATION_REFUSED);
        assertThat(r.err()).startsWith("adfs-saml: authentication refused: ").doesNotContain("wrong-password");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void loginWhenAccountLockedThenExit3() {
        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", "dave-Passw0rd"), "--username",
                Emulators.DAVE_LOCKED);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.AUTHENTICATION_REFUSED);
    }

    @Test
    void loginWhenRoleArnNotOfferedThenExit5ListingTheOfferedRoles() {
        String missing = "arn:aws:iam::999999999999:role/Nope";

        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.ALICE_PASSWORD),
                "--username", Emulators.ALICE, "--role-arn", missing);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.NO_ROLE);
        assertThat(r.err()).isEqualTo("adfs-saml: no role matches: expected role ARN " + missing + ", found 3 roles offered: "
                + Emulators.DEV + ", " + Emulators.ADMIN + ", " + Emulators.READONLY + "\n");
    }

    @Test
    void loginWhenSeveralRolesAndNoTerminalThenExit5AskingForRoleArn() {
        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.ALICE_PASSWORD),
                "--username", Emulators.ALICE);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.NO_ROLE);
        assertThat(r.err()).startsWith("adfs-saml: no role matches: expected a role chosen with --role-arn (several are "
                + "offered and there is no terminal to ask on), found 3 roles offered: ");
    }

    @Test
    void loginWhenResponseSignedByUntrustedCertThenExit4() throws Exception {
        Path otherCert = Files.writeString(home.resolve("other.pem"), TestIdp.generate("other.example.test").certificatePem());

        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD),
                "--username", Emulators.BOB, "--trust-cert", otherCert.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.SAML_INVALID);
        assertThat(r.err()).startsWith("adfs-saml: SAML response invalid: ").contains("untrusted_signer");
    }

    @Test
    void loginWhenResponseSignedByTrustedCertThenExit0() {
        CliRun.Result r = login(CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD),
                "--username", Emulators.BOB, "--trust-cert", emulators.trustCert.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
    }

    @Test
    void loginWhenStsDoesNotTrustTheIdpThenExit6() {
        try (Emulators untrusting = Emulators.start(home, TestIdp.generate("someone-else.example.test"))) {
            List<String> args = new ArrayList<>(List.of("login"));
            args.addAll(untrusting.args("--username", Emulators.BOB));
            CliRun.Result r = CliRun.inHome(home).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD).run(args.toArray(String[]::new));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.STS_REFUSED);
            assertThat(r.err()).startsWith("adfs-saml: STS refused: ");
        }
    }

    @Test
    void loginWhenNoIdpUrlThenExit2NamingWhereToGiveIt() {
        CliRun.Result r = CliRun.inHome(home).run("login", "--username", "x");

        assertThat(r.exitCode()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.err()).isEqualTo("adfs-saml: no IdP URL: expected --idp-url or adfs_idp_url in profile 'saml' of "
                + home.resolve(".aws/config") + ", found neither\n");
    }

    @Test
    void loginWhenNoPasswordAndNoTerminalThenExit2() {
        CliRun.Result r = login(CliRun.inHome(home), "--username", Emulators.BOB);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.err()).isEqualTo("adfs-saml: no password: expected --password-stdin, ADFS_PASSWORD or a terminal "
                + "to ask on, found none of them\n");
    }

    @Test
    void loginWhenUnknownOptionThenExit2WithHint() {
        CliRun.Result r = CliRun.inHome(home).run("login", "--pasword", "x");

        assertThat(r.exitCode()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.err()).isEqualTo("adfs-saml: Unknown options: '--pasword', 'x'\n"
                + "Try 'adfs-saml login --help' for more information.\n");
    }
}
