package org.adfssaml.cli.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Runs a sign-in command that was started as plain {@code java -jar adfs-saml.jar ...} again, in a child JVM with the
 * options of the launcher and the {@code credential_process} line: {@link LaunchCommand#SHORT_LIVED}, and the
 * class-data sharing archive once {@code configure} has built one for this JDK and jar. A jar cannot carry JVM
 * options, and with the JVM's defaults a cold sign-in spends most of its time compiling with C2 and loading,
 * verifying and linking classes that the archive holds ready: about 2.3 s against 1.0 s for both JVMs together
 * (BENCHMARKS.md, fifth session). The child inherits the standard streams, the terminal and the environment; this JVM
 * only waits for it and exits with its exit code.
 *
 * <p>Only a JVM started with no option at all is relaunched: none on the command line and none in
 * {@link #OPTION_VARIABLES}. The child would not know what such options were meant for, and an agent from the
 * environment (a debugger's port) would be loaded twice. {@code ADFS_SAML_RELAUNCH=false} keeps every command in the
 * JVM it was started in; so does a platform where a process cannot read its own arguments (Windows).
 */
final class Relaunch {

    /** The environment variable that turns relaunching off when it is {@code false}. */
    static final String SWITCH = "ADFS_SAML_RELAUNCH";

    /** Environment variables that give every JVM options, which the child would inherit. */
    static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    /** picocli's options that print and exit without signing in. */
    private static final List<String> HELP_OR_VERSION = List.of("-h", "--help", "-V", "--version");

    /** How long this JVM, when it is stopped, waits for the child it stops in turn. */
    private static final long STOP_WAIT_SECONDS = 10;

    private Relaunch() {
    }

    /** @return the child's command line for this process's command, or empty to run the command in this JVM */
    static Optional<List<String>> command(CliIo io, String[] args) {
        if (!TlsWarmUp.signsIn(args)) {
            return Optional.empty();
        }
        // cheapest test first: every JVM started with options (the child itself, the credential_process line, the
        // launcher) stops here
        List<String> processArguments = processArguments();
        if (!startedPlainly(processArguments, args)) {
            return Optional.empty();
        }
        // started with -jar, the class path is that jar: cheaper to ask than the code source's URL, and made canonical
        // as the JDK makes that URL, so that the archive configure built for LaunchCommand.jar() is found
        Path jar;
        try {
            jar = Path.of(System.getProperty("java.class.path", "")).toRealPath();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
        return Files.isRegularFile(jar) ? command(io, args, processArguments, LaunchCommand.java(), jar)
                : Optional.empty();
    }

    /** This process's arguments after the launcher's name; empty where the platform does not tell. */
    static List<String> processArguments() {
        // /proc is read directly where there is one: ProcessHandle's Info costs a JVM about 20 ms more on its first use;
        // through FileInputStream, which System.in has loaded already, rather than Files, whose channel classes and
        // native networking library a relaunching JVM would load for this one read
        File cmdline = new File("/proc/self/cmdline");
        if (cmdline.canRead()) {
            try (FileInputStream in = new FileInputStream(cmdline)) {
                // decoded as the launcher decodes the command line for main's arguments
                String all = new String(in.readAllBytes(), platformCharset());
                List<String> words = List.of(all.split("\0", -1));
                // each argument ends with a NUL, so the last split is empty; the first word is the launcher
                return words.size() < 2 ? List.of() : words.subList(1, words.size() - 1);
            } catch (IOException e) {
                return List.of();
            }
        }
        Optional<String[]> arguments = ProcessHandle.current().info().arguments();
        return arguments.isPresent() ? List.of(arguments.get()) : List.of();
    }

    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", ""));
        } catch (IllegalArgumentException unknown) {
            return Charset.defaultCharset();
        }
    }

    /**
     * @param processArguments this process's arguments after the {@code java} launcher's name
     * @return the child's command line, or empty to run the command in this JVM
     */
    static Optional<List<String>> command(CliIo io, String[] args, List<String> processArguments, Path java, Path jar) {
        // loops and no lambdas on this path: the first lambda costs a JVM that only relaunches about 10 ms
        if (!TlsWarmUp.signsIn(args) || "false".equalsIgnoreCase(io.env(SWITCH).orElse(""))
                || !startedPlainly(processArguments, args)) {
            return Optional.empty();
        }
        for (String variable : OPTION_VARIABLES) {
            if (io.env(variable).isPresent()) {
                return Optional.empty();
            }
        }
        for (String arg : args) {
            if (HELP_OR_VERSION.contains(arg)) { // printed at once: a second JVM would only add to it
                return Optional.empty();
            }
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(LaunchCommand.SHORT_LIVED);
        Optional<Path> archive = archive(io, java, jar);
        if (archive.isPresent()) {
            command.addAll(ClassDataSharing.jvmOptions(archive.get()));
        }
        command.addAll(LaunchCommand.jarAndMain(jar));
        command.addAll(Arrays.asList(args));
        return Optional.of(command);
    }

    /** @return whether the process was started as {@code java -jar <jar> <args>}, with no JVM option */
    static boolean startedPlainly(List<String> processArguments, String[] args) {
        return processArguments.size() == args.length + 2 && processArguments.get(0).equals("-jar")
                && processArguments.subList(2, processArguments.size()).equals(Arrays.asList(args));
    }

    private static Optional<Path> archive(CliIo io, Path java, Path jar) {
        try {
            Path archive = ClassDataSharing.archiveFor(io, java, jar);
            return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs the child to its end.
     *
     * @param heldLock the {@link SafeFiles#HELD_BY_PARENT} value of a lock this JVM holds for the child, or null
     * @return its exit code, or empty when it could not be started: the caller then runs the command in this JVM
     */
    static OptionalInt run(List<String> command, String heldLock, boolean verbose) {
        if (verbose) {
            LoggerFactory.getLogger(Relaunch.class).debug("running the command in a JVM started with {} ({}=false "
                    + "runs it in this one)", command.subList(1, optionsEnd(command)), SWITCH);
        }
        Process child;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            if (heldLock != null) {
                builder.environment().put(SafeFiles.HELD_BY_PARENT, heldLock);
            } else {
                builder.environment().remove(SafeFiles.HELD_BY_PARENT);
            }
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            if (verbose) {
                LoggerFactory.getLogger(Relaunch.class).debug("could not start {}: {}; running the command in this "
                        + "JVM", command.get(0), e.toString());
            }
            return OptionalInt.empty();
        }
        // a JVM stopped by a signal (a CI job's timeout, kill) takes the child with it instead of leaving it running
        Thread stopChild = new StopChild(child);
        Runtime.getRuntime().addShutdownHook(stopChild);
        int exitCode = waitFor(child);
        try {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, and finds the child ended
        }
        return OptionalInt.of(exitCode);
    }

    /** Where the child's JVM options end: at its class path or jar. */
    private static int optionsEnd(List<String> command) {
        for (int i = 1; i < command.size(); i++) {
            if (command.get(i).equals("-cp") || command.get(i).equals("-jar")) {
                return i;
            }
        }
        return command.size();
    }

    private static int waitFor(Process child) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A class, not a lambda: linking a lambda would cost this JVM CPU time while the child starts beside it. */
    private static final class StopChild extends Thread {
        private final Process child;

        StopChild(Process child) {
            super("adfs-saml-stop-child");
            this.child = child;
        }

        @Override
        public void run() {
            if (!child.isAlive()) {
                return;
            }
            child.destroy();
            try {
                if (!child.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
