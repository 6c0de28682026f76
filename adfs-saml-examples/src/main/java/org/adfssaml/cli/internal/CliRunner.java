package org.adfssaml.cli.internal;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.adfssaml.cli.AdfsSamlCli;
import picocli.CommandLine;

/**
 * Builds the picocli command tree, runs it, and turns every failure into one line on standard error and
 * a documented exit code.
 */
public final class CliRunner {

    private CliRunner() {
    }

    /**
     * The process entry point: real streams, real environment, the controlling terminal.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int main(String[] args) {
        configureLogging(Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v"));
        CliIo io = new CliIo(System.in, System.out, System.err, System.getenv(), Terminal.system());
        return run(io, args);
    }

    /**
     * Runs one command line.
     *
     * @param io streams, environment, terminal
     * @param args the command line
     * @return the exit code
     */
    public static int run(CliIo io, String... args) {
        TopCommand top = new TopCommand(io);
        CommandLine commandLine = commandLine(top, io);
        try {
            return commandLine.execute(args);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // picocli hands only Exceptions to the handler; a LinkageError of a library still gets one line
            return ErrorReporter.report(e, io, top.verbose());
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    static CommandLine commandLine(TopCommand top, CliIo io) {
        CommandLine commandLine = new CommandLine(top);
        for (Object subcommand : List.of(new LoginCommand(io), new CredentialProcessCommand(io), new RolesCommand(io),
                new InspectCommand(io), new ConfigureCommand(io), new DemoCommand(io))) {
            commandLine.addSubcommand(subcommand);
        }
        commandLine.setOut(new PrintWriter(io.out(), true));
        commandLine.setErr(new PrintWriter(io.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            io.err().println("adfs-saml: " + ex.getMessage());
            io.err().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return AdfsSamlCli.USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parseResult) ->
                ErrorReporter.report(ex, io, top.verbose()));
        return commandLine;
    }

    /**
     * slf4j-simple reads its settings once, when the first logger is made, so this runs before anything
     * logs. {@code --verbose} shows this project's debug messages and third-party informational ones;
     * third-party debug output stays off because some of it (request signing) would print session tokens.
     */
    private static void configureLogging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.adfssaml", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

}
