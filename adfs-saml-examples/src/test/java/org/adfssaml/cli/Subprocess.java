package org.adfssaml.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar adfs-saml.jar} (and the AWS CLI) as separate processes, as a user would. */
final class Subprocess {

    private Subprocess() {
    }

    /**
     * Skips the calling test class unless the shaded jar is there: *IT classes run in the POM's {@code jar-tests}
     * execution, after {@code package}; {@code -Dtest=...} also selects them for the unit-test execution.
     */
    static void assumeJar() {
        String jar = System.getProperty("adfs.cli.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "the shaded jar (system property adfs.cli.jar) is not built yet: *IT tests run after `package`");
    }

    /** The shaded jar the build produced ({@code adfs.cli.jar}, set by the POM for *IT tests). */
    static Path jar() {
        String jar = System.getProperty("adfs.cli.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("expected the shaded jar in system property adfs.cli.jar, found " + jar
                    + " (run these tests with `./mvnw verify`, after `package`)");
        }
        return Path.of(jar);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar adfs-saml.jar args...} */
    static List<String> cli(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a command without a controlling terminal ({@code setsid}, where available), so prompts cannot reach
     * the terminal of whoever runs the build.
     */
    static CliRun.Result run(List<String> command, Map<String, String> env, String stdin) throws IOException,
            InterruptedException {
        List<String> full = new ArrayList<>();
        if (onPath("setsid")) {
            full.add("setsid");
        }
        full.addAll(command);
        Process process = builder(full, env).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = pump(process.getInputStream(), out);
        Thread errReader = pump(process.getErrorStream(), err);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        outReader.join();
        errReader.join();
        return new CliRun.Result(process.exitValue(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** A process builder with {@code env} added to this JVM's environment. */
    static ProcessBuilder builder(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        // JVM options from the build's environment would keep the CLI from relaunching (Relaunch): a test sets them
        builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
                "ADFS_SAML_RELAUNCH"));
        builder.environment().putAll(env);
        return builder;
    }

    static Thread pump(InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
