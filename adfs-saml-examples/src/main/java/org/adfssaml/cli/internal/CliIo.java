package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command talks to: its standard streams, its environment and the terminal (when there is one).
 * Tests build one with captured streams and no terminal; {@code main} builds one from the process.
 */
public final class CliIo {

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> environment;
    private final Terminal terminal;
    private Reader stdinReader;

    /**
     * @param stdin standard input
     * @param stdout standard output: results only, never prompts
     * @param stderr standard error: prompts when there is no terminal, messages, errors
     * @param environment environment variables
     * @param terminal the controlling terminal, or {@link Terminal#none()}
     */
    public CliIo(InputStream stdin, PrintStream stdout, PrintStream stderr, Map<String, String> environment,
            Terminal terminal) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /** @return standard input as bytes (for {@code inspect -}) */
    public InputStream stdin() {
        return stdin;
    }

    /** @return standard output */
    public PrintStream out() {
        return stdout;
    }

    /** @return standard error */
    public PrintStream err() {
        return stderr;
    }

    /** @return the terminal, {@link Terminal#none()} when there is none */
    public Terminal terminal() {
        return terminal;
    }

    /**
     * @param name an environment variable
     * @return its value when set and not blank
     */
    public Optional<String> env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** @return the user's home directory ({@code HOME}, else {@code user.home}), as the AWS SDK resolves it */
    public Path home() {
        // no lambda: a plain java -jar that relaunches itself (Relaunch) asks for this first, and its first lambda
        // would cost it about 7 ms of linking before the child starts
        Optional<String> home = env("HOME");
        return Paths.get(home.isPresent() ? home.get() : System.getProperty("user.home"));
    }

    /**
     * Reads the next line of standard input into a char array, so that a password read this way is never
     * a {@link String}. The line ending is dropped.
     *
     * @return the line, or empty at end of input
     * @throws IOException when standard input cannot be read
     */
    public synchronized Optional<char[]> readStdinLine() throws IOException {
        if (stdinReader == null) {
            // unbuffered on purpose beyond the decoder: a later line belongs to the next reader of stdin
            stdinReader = new InputStreamReader(stdin, StandardCharsets.UTF_8);
        }
        char[] buffer = new char[64];
        int length = 0;
        int c;
        boolean any = false;
        while ((c = stdinReader.read()) != -1) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (length == buffer.length) {
                char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                Arrays.fill(buffer, '\0');
                buffer = bigger;
            }
            buffer[length++] = (char) c;
        }
        if (!any) {
            return Optional.empty();
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return Optional.of(line);
    }

    /**
     * Where prompts and progress go: the terminal when there is one, else standard error.
     *
     * @param message one line
     */
    public void tell(String message) {
        if (terminal.interactive()) {
            terminal.println(message);
        } else {
            stderr.println(message);
        }
    }
}
