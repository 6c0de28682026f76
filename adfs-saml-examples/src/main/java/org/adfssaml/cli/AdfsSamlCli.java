package org.adfssaml.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import org.adfssaml.cli.internal.CliIo;
import org.adfssaml.cli.internal.CliRunner;
import org.adfssaml.cli.internal.Terminal;

/**
 * The {@code adfs-saml} command-line tool ({@code java -jar adfs-saml.jar --help}).
 *
 * <p>Exit codes: {@value #OK} ok, {@value #UNEXPECTED} unexpected error, {@value #USAGE} usage error,
 * {@value #AUTHENTICATION_REFUSED} authentication refused, {@value #SAML_INVALID} SAML response invalid,
 * {@value #NO_ROLE} no role matches, {@value #STS_REFUSED} STS refused.
 */
public final class AdfsSamlCli {

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: an unexpected error (a bug, an I/O failure, an IdP page the tool cannot act on). */
    public static final int UNEXPECTED = 1;
    /** Exit code: the command line or the configuration is wrong. */
    public static final int USAGE = 2;
    /** Exit code: the IdP refused the sign-in (password, MFA, locked or disabled account). */
    public static final int AUTHENTICATION_REFUSED = 3;
    /** Exit code: the SAML response is invalid or malformed. */
    public static final int SAML_INVALID = 4;
    /** Exit code: no role offered by the IdP matches the one asked for. */
    public static final int NO_ROLE = 5;
    /** Exit code: AWS STS refused to issue credentials. */
    public static final int STS_REFUSED = 6;

    private AdfsSamlCli() {
    }

    /**
     * Runs the CLI and exits the JVM with the command's exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(CliRunner.main(args));
    }

    /**
     * Runs the CLI in this JVM without exiting it, with the given streams and environment; there is no
     * terminal, so prompts read from {@code stdin} as documented for non-interactive use.
     *
     * @param stdin what the command reads ({@code --password-stdin}, MFA codes, {@code inspect -})
     * @param stdout where results go
     * @param stderr where prompts, messages and errors go
     * @param environment the environment variables the command sees instead of {@link System#getenv()}
     * @param args the command line
     * @return the exit code
     */
    public static int run(InputStream stdin, PrintStream stdout, PrintStream stderr,
            Map<String, String> environment, String... args) {
        Objects.requireNonNull(args, "args");
        return CliRunner.run(new CliIo(stdin, stdout, stderr, environment, Terminal.none()), args);
    }
}
