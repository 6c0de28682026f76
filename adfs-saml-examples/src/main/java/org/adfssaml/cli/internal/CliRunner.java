package org.adfssaml.cli.internal;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.adfssaml.cli.AdfsSamlCli;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the picocli command tree, runs it, and turns every failure into one line on standard error and
 * a documented exit code.
 */
public final class CliRunner {

    /** The {@code picocli.converters.excludes} of the CLI process: option types this CLI never declares. */
    static final String UNUSED_CONVERTERS = "java\\.sql\\..*,java\\.time\\..*";

    /**
     * The {@code slf4j.provider} of the CLI process: the jar's only SLF4J binding, named so that SLF4J does not look
     * for one with a {@code ServiceLoader} (the child JVM's first class-path scan for a resource, about 4 ms).
     */
    static final String LOGGING_PROVIDER = "org.slf4j.simple.SimpleServiceProvider";

    private CliRunner() {
    }

    /**
     * The process entry point: real streams, real environment, the controlling terminal.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int main(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        configureLogging(verbose);
        // picocli registers converters for java.sql and java.time types by reflection, loading those classes on
        // every start; no option here has such a type (CliRunnerTest checks), so this process skips them
        System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        CliIo io = new CliIo(System.in, System.out, System.err, System.getenv(), Terminal.system());
        return run(io, args, true, verbose);
    }

    /**
     * Runs one command line.
     *
     * @param io streams, environment, terminal
     * @param args the command line
     * @return the exit code
     */
    public static int run(CliIo io, String... args) {
        return run(io, args, false, false);
    }

    /** @param mayRelaunch whether this is the process's own command line, which {@link Relaunch} may run again */
    private static int run(CliIo io, String[] args, boolean mayRelaunch, boolean verbose) {
        CachedCredentialProcess.Outcome cached = CachedCredentialProcess.attempt(io, args, Clock.systemUTC());
        try {
            if (cached.served()) {
                return AdfsSamlCli.OK;
            }
            if (mayRelaunch) {
                Optional<List<String>> relaunch = Relaunch.command(io, args);
                // the cache's lock, when the fast path holds it, stays held here for the child (SafeFiles.HELD_BY_PARENT)
                OptionalInt exitCode = relaunch.isPresent() ? Relaunch.run(relaunch.get(),
                        cached.lockFile() == null ? null : SafeFiles.handOver(cached.lockFile()), verbose)
                        : OptionalInt.empty();
                if (exitCode.isPresent()) {
                    return exitCode.getAsInt();
                }
            }
            return runFull(io, args);
        } finally {
            cached.release();
        }
    }

    private static int runFull(CliIo io, String... args) {
        TlsWarmUp.startFor(args);
        TopCommand top = new TopCommand(io);
        CommandLine commandLine = commandLine(top, io, args);
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

    static CommandLine commandLine(TopCommand top, CliIo io, String... args) {
        Map<String, Supplier<CommandSpec>> subcommands = new LinkedHashMap<>();
        subcommands.put("login", () -> new LoginCommand(io).spec());
        subcommands.put("credential-process", () -> new CredentialProcessCommand(io).spec());
        subcommands.put("roles", () -> new RolesCommand(io).spec());
        subcommands.put("inspect", () -> new InspectCommand(io).spec());
        subcommands.put("configure", () -> new ConfigureCommand(io).spec());
        subcommands.put("demo", () -> new DemoCommand(io).spec());
        CommandLine commandLine = new CommandLine(top.spec());
        // only the command named is built, since a sign-in should not pay for the others' options; top-level help and
        // "did you mean" suggestions need them all
        Supplier<CommandSpec> named = args.length > 0 ? subcommands.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(named.get());
        } else {
            subcommands.values().forEach(subcommand -> commandLine.addSubcommand(subcommand.get()));
        }
        commandLine.setOut(new PrintWriter(io.out(), true));
        commandLine.setErr(new PrintWriter(io.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, failedArgs) -> {
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
        System.setProperty("slf4j.provider", LOGGING_PROVIDER);
        // SLF4J tells on stderr, at its INFO, that it loads the provider named; its warnings still show
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.adfssaml", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

}
