package org.adfssaml.cli.internal;

import java.io.Console;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Optional;

/**
 * The user's terminal, for prompts that must not go to standard output (which may be captured, as the AWS
 * CLI does for {@code credential_process}).
 */
public abstract class Terminal {

    Terminal() {
    }

    /** @return whether a person can be asked something */
    public abstract boolean interactive();

    /**
     * Prints one line on the terminal.
     *
     * @param line the text
     */
    public abstract void println(String line);

    /**
     * Asks for one line.
     *
     * @param prompt the question, printed without a line break
     * @return the answer, empty at end of input
     */
    public abstract Optional<String> readLine(String prompt);

    /**
     * Asks for a secret without echoing it.
     *
     * @param prompt the question
     * @return the answer, empty at end of input; the caller wipes it
     */
    public abstract Optional<char[]> readPassword(String prompt);

    /** @return the absent terminal: not interactive, reads nothing */
    public static Terminal none() {
        return None.INSTANCE;
    }

    /**
     * The terminal of this process: {@link System#console()} when standard input and output are a terminal,
     * else {@code /dev/tty} when the process has a controlling terminal (the AWS CLI captures standard
     * output of {@code credential_process} but the user is still at the keyboard), else none.
     *
     * @return the terminal
     */
    public static Terminal system() {
        Console console = System.console();
        if (console != null) {
            return new OfConsole(console);
        }
        File tty = new File("/dev/tty");
        if (tty.exists()) {
            try {
                FileInputStream in = new FileInputStream(tty);
                FileOutputStream out = new FileOutputStream(tty);
                return new OfTty(in, out);
            } catch (IOException noControllingTerminal) {
                return none();
            }
        }
        return none();
    }

    private static final class None extends Terminal {
        static final None INSTANCE = new None();

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public void println(String line) {
            // nobody to tell
        }

        @Override
        public Optional<String> readLine(String prompt) {
            return Optional.empty();
        }

        @Override
        public Optional<char[]> readPassword(String prompt) {
            return Optional.empty();
        }
    }

    private static final class OfConsole extends Terminal {
        private final Console console;

        OfConsole(Console console) {
            this.console = console;
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public void println(String line) {
            console.writer().println(line);
            console.flush();
        }

        @Override
        public Optional<String> readLine(String prompt) {
            return Optional.ofNullable(console.readLine("%s", prompt));
        }

        @Override
        public Optional<char[]> readPassword(String prompt) {
            return Optional.ofNullable(console.readPassword("%s", prompt));
        }
    }

    /** {@code /dev/tty} when standard streams are redirected; echo is switched off with {@code stty}. */
    private static final class OfTty extends Terminal {
        private final Reader in;
        private final PrintStream out;

        OfTty(FileInputStream in, FileOutputStream out) {
            this.in = new InputStreamReader(in, Charset.defaultCharset());
            this.out = new PrintStream(out, true, Charset.defaultCharset());
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public void println(String line) {
            out.println(line);
        }

        @Override
        public Optional<String> readLine(String prompt) {
            out.print(prompt);
            out.flush();
            return read().map(chars -> {
                String line = new String(chars);
                Arrays.fill(chars, '\0');
                return line;
            });
        }

        @Override
        public Optional<char[]> readPassword(String prompt) {
            // echo off before the prompt shows: whatever is typed after seeing it must not appear
            boolean echoOff = stty("-echo");
            if (!echoOff) {
                throw new CliException(org.adfssaml.cli.AdfsSamlCli.USAGE,
                        "cannot switch off echo on /dev/tty (stty -echo failed), so the password is not read "
                                + "there: pass it with --password-stdin or ADFS_PASSWORD");
            }
            out.print(prompt);
            out.flush();
            try {
                return read();
            } finally {
                stty("echo");
                out.println();
            }
        }

        private Optional<char[]> read() {
            try {
                char[] buffer = new char[256];
                int length = 0;
                int c;
                boolean any = false;
                while ((c = in.read()) != -1) {
                    any = true;
                    if (c == '\n') {
                        break;
                    }
                    if (c == '\r') {
                        continue;
                    }
                    if (length == buffer.length) {
                        char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                        Arrays.fill(buffer, '\0');
                        buffer = bigger;
                    }
                    buffer[length++] = (char) c;
                }
                char[] line = Arrays.copyOf(buffer, length);
                Arrays.fill(buffer, '\0');
                return any ? Optional.of(line) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read from the terminal /dev/tty", e);
            }
        }

        private static boolean stty(String mode) {
            try {
                Process stty = new ProcessBuilder("stty", mode)
                        .redirectInput(new File("/dev/tty"))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return stty.waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
