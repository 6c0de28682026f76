package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/** {@code adfs-saml}: the top command; it only dispatches to the subcommands. */
public final class TopCommand implements Callable<Integer> {

    private final CliIo io;

    private final CliOption<Boolean> verbose = CliOption.flag(OptionSpec.builder("-v", "--verbose")
            .scopeType(ScopeType.INHERIT)
            .description("Debug logging on standard error (never passwords, assertions or keys) "
                    + "and stack traces of errors."));

    private final CommandSpec spec;

    TopCommand(CliIo io) {
        this.io = io;
        spec = CliOption.command(this, "adfs-saml", "Temporary AWS credentials from an AD FS (SAML 2.0) sign-in.");
        spec.versionProvider(new Version());
        spec.usageMessage().footer("", "Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 authentication refused,",
                "4 SAML response invalid, 5 no role matches, 6 STS refused.");
        CliOption.addTo(spec, verbose);
    }

    /** The top command's model, without subcommands: {@link CliRunner} adds them. */
    CommandSpec spec() {
        return spec;
    }

    boolean verbose() {
        return verbose.value();
    }

    @Override
    public Integer call() {
        io.err().println("adfs-saml: a command is required (login, credential-process, roles, inspect, "
                + "configure, demo)");
        spec.commandLine().usage(io.err());
        return AdfsSamlCli.USAGE;
    }

    /** The version from the build ({@code version.properties}, filtered by Maven). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = TopCommand.class.getResourceAsStream("/org/adfssaml/cli/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"adfs-saml " + properties.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
