package org.adfssaml.cli.internal;

/**
 * A failure the CLI reports as one line on standard error with a given exit code.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode the process exit code
     * @param message the line shown to the user: what was expected and what was found
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode the process exit code
     * @param message the line shown to the user
     * @param cause the underlying failure (its stack trace is shown with {@code --verbose})
     */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }

    /**
     * A usage error (exit code 2).
     *
     * @param message what was expected and what was found
     * @return the exception
     */
    public static CliException usage(String message) {
        return new CliException(org.adfssaml.cli.AdfsSamlCli.USAGE, message);
    }
}
