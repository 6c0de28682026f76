package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive {@code login} in a pseudo-terminal ({@code script} from util-linux): the password is not
 * echoed, the role menu is grouped by account, and a wrong choice is asked again.
 */
class InteractiveLoginIT {

    @TempDir
    static Path shared;
    private static Emulators emulators;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        Subprocess.assumeJar();
        Assumptions.assumeTrue(Subprocess.onPath("script"),
                "`script` (util-linux) is not on the PATH: skipping the pseudo-terminal test");
        emulators = Emulators.start(shared);
    }

    @AfterAll
    static void stop() {
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    void loginWhenTypedAtATerminalThenNoPasswordEchoMenuAndWrongChoiceAskedAgain() throws Exception {
        List<String> cli = new ArrayList<>(Subprocess.cli("login", "--username", Emulators.ALICE));
        cli.addAll(emulators.args());
        String command = String.join(" ", cli.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", command, "/dev/null");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        builder.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        builder.environment().remove("ADFS_PASSWORD");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Subprocess.pump(process.getInputStream(), screen);
        try (OutputStream keyboard = process.getOutputStream()) {
            waitFor(screen, "Password: ");
            type(keyboard, Emulators.ALICE_PASSWORD + "\r");
            waitFor(screen, "Choose a role [1-3]: ");
            type(keyboard, "7\r");
            waitFor(screen, "'7' is not a number between 1 and 3; try again.");
            type(keyboard, "3\r");
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(text(screen)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        String shown = text(screen);
        assertThat(process.exitValue()).as(shown).isZero();
        assertThat(shown).doesNotContain(Emulators.ALICE_PASSWORD)
                .contains("Roles you may assume:\r\n  Account 111122223333:\r\n    [1] AWS-Developer\r\n    [2] AWS-Admin\r\n"
                        + "  Account 444455556666:\r\n    [3] AWS-ReadOnly\r\n")
                .contains("  Role:    " + Emulators.READONLY);
        assertThat(Files.readString(home.resolve("credentials"))).contains("[saml]");
    }

    @Test
    void credentialProcessWhenStdoutCapturedThenPasswordAskedOnTtyWithoutEchoAndJsonAloneOnStdout() throws Exception {
        Path config = home.resolve("config");
        List<String> configure = new ArrayList<>(Subprocess.cli("configure", "--profile", "tty", "--username",
                Emulators.BOB, "--no-cds"));
        configure.addAll(emulators.args());
        CliRun.Result configured = Subprocess.run(configure, java.util.Map.of("HOME", home.toString(),
                "AWS_CONFIG_FILE", config.toString()), "");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        Path json = home.resolve("out.json");
        // as the AWS CLI runs it: standard output captured, the user still at the terminal
        String command = String.join(" ", Subprocess.cli("credential-process", "--profile", "tty").stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").toList()) + " > '" + json + "'";
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", command, "/dev/null");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_CONFIG_FILE", config.toString());
        builder.environment().remove("ADFS_PASSWORD");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Subprocess.pump(process.getInputStream(), screen);
        try (OutputStream keyboard = process.getOutputStream()) {
            waitFor(screen, "Password: ");
            type(keyboard, Emulators.BOB_PASSWORD + "\r");
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(text(screen)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(text(screen)).isZero();
        assertThat(text(screen)).doesNotContain(Emulators.BOB_PASSWORD);
        assertThat(Files.readString(json)).startsWith("{\"Version\":1,\"AccessKeyId\":\"").doesNotContain("Password");
    }

    private static void type(OutputStream keyboard, String text) throws Exception {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private static String text(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private static void waitFor(ByteArrayOutputStream screen, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!text(screen).contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected '" + expected + "' on the terminal, found:\n" + text(screen));
            }
            Thread.sleep(50);
        }
    }
}
