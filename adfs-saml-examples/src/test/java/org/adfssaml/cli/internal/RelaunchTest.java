package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether and how a plain {@code java -jar} relaunches; {@code CliJarIT} runs it for real. */
class RelaunchTest {

    private static final String[] LOGIN = {"login", "--profile", "work"};

    @TempDir
    Path home;
    private Path jar;
    private final Path java = Path.of("/opt/jdk/bin/java");
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        jar = Files.writeString(home.resolve("adfs-saml.jar"), "not really a jar");
        env.put("HOME", home.toString());
    }

    private CliIo io() {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CliIo(new ByteArrayInputStream(new byte[0]), discard, discard, env, Terminal.none());
    }

    private List<String> plain(String... args) {
        List<String> arguments = new ArrayList<>(List.of("-jar", "adfs-saml.jar"));
        arguments.addAll(List.of(args));
        return arguments;
    }

    @Test
    void commandWhenStartedPlainlyWithoutArchiveThenShortLivedOptionsAndTheSameArguments() {
        Optional<List<String>> command = Relaunch.command(io(), LOGIN, plain(LOGIN), java, jar);

        assertThat(command).contains(List.of("/opt/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:-Inline",
                "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-cp", jar.toString(), "org.adfssaml.cli.AdfsSamlCli",
                "login", "--profile", "work"));
    }

    @Test
    void commandWhenTheJarsPathHoldsThePathSeparatorThenTheChildIsGivenTheJarWithDashJar() {
        Path odd = Path.of("/opt/adfs:saml/adfs-saml.jar");

        Optional<List<String>> command = Relaunch.command(io(), LOGIN, plain(LOGIN), java, odd);

        assertThat(command).contains(List.of("/opt/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:-Inline",
                "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-jar", odd.toString(), "login", "--profile", "work"));
    }

    @Test
    void commandWhenConfigureBuiltTheArchiveThenChildMapsIt() throws Exception {
        Path archive = ClassDataSharing.archiveFor(io(), java, jar);
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "archive");

        Optional<List<String>> command = Relaunch.command(io(), LOGIN, plain(LOGIN), java, jar);

        assertThat(command).contains(List.of("/opt/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:-Inline",
                "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-cp", jar.toString(), "org.adfssaml.cli.AdfsSamlCli", "login", "--profile", "work"));
    }

    @Test
    void commandWhenSignInCommandThenRelaunchedAndOtherCommandsOrHelpNot() {
        for (String[] args : new String[][] {{"login"}, {"credential-process", "--profile", "p", "--no-cache"},
                {"roles", "--profile", "p"}, {"--verbose", "login"}}) {
            assertThat(Relaunch.command(io(), args, plain(args), java, jar)).as(String.join(" ", args)).isPresent();
        }
        for (String[] args : new String[][] {{}, {"configure", "--profile", "p"}, {"demo"}, {"inspect", "-"},
                {"--help"}, {"--version"}, {"login", "--help"}, {"roles", "-h"}, {"-V", "login"}}) {
            assertThat(Relaunch.command(io(), args, plain(args), java, jar)).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void commandWhenJvmStartedWithAnyOptionThenRunsInThisJvm() {
        for (String option : List.of("-Xmx1g", "-Dhttps.proxyHost=proxy", "-XX:TieredStopAtLevel=1", "@argfile")) {
            List<String> arguments = new ArrayList<>(List.of(option));
            arguments.addAll(plain(LOGIN));

            assertThat(Relaunch.command(io(), LOGIN, arguments, java, jar)).as(option).isEmpty();
        }
    }

    @Test
    void commandWhenProcessArgumentsAreNotThisCommandLineThenRunsInThisJvm() {
        assertThat(Relaunch.command(io(), LOGIN, List.of(), java, jar)).as("platform without arguments").isEmpty();
        assertThat(Relaunch.command(io(), LOGIN, List.of("-cp", "adfs-saml.jar", "login", "--profile", "work"), java,
                jar)).as("started with -cp").isEmpty();
        assertThat(Relaunch.command(io(), LOGIN, plain("login", "--profile", "other"), java, jar))
                .as("other arguments").isEmpty();
        assertThat(Relaunch.command(io(), LOGIN, plain("login", "--profile"), java, jar)).as("fewer arguments")
                .isEmpty();
    }

    @Test
    void commandWhenJvmOptionsComeFromTheEnvironmentThenRunsInThisJvm() {
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            env.put(variable, "-agentlib:jdwp=transport=dt_socket,server=y,address=5005");

            assertThat(Relaunch.command(io(), LOGIN, plain(LOGIN), java, jar)).as(variable).isEmpty();
            env.remove(variable);
        }
        env.put("JAVA_TOOL_OPTIONS", " ");
        assertThat(Relaunch.command(io(), LOGIN, plain(LOGIN), java, jar)).as("blank variable").isPresent();
    }

    @Test
    void commandWhenSwitchIsFalseThenRunsInThisJvmAndOtherValuesRelaunch() {
        env.put("ADFS_SAML_RELAUNCH", "FALSE");
        assertThat(Relaunch.command(io(), LOGIN, plain(LOGIN), java, jar)).isEmpty();

        env.put("ADFS_SAML_RELAUNCH", "true");
        assertThat(Relaunch.command(io(), LOGIN, plain(LOGIN), java, jar)).isPresent();
    }

    @Test
    void processArgumentsWhenReadFromProcThenSameAsTheJdksProcessHandle() {
        Optional<String[]> jdk = ProcessHandle.current().info().arguments();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")) && jdk.isPresent(),
                "no /proc here: the JDK's ProcessHandle is used directly");

        assertThat(Relaunch.processArguments()).isNotEmpty().containsExactly(jdk.get());
    }

    @Test
    void runWhenChildExitsThenItsExitCodeAndItInheritedTheStreams() throws Exception {
        Path marker = home.resolve("ran");
        OptionalInt exitCode = Relaunch.run(List.of("/bin/sh", "-c", "touch " + marker + "; exit 5", "-cp"), null, true);

        assertThat(exitCode).hasValue(5);
        assertThat(marker).exists();
    }

    @Test
    void runWhenChildCannotStartThenEmptySoTheCommandRunsInThisJvm() {
        assertThat(Relaunch.run(List.of(home.resolve("no-such-java").toString(), "-cp"), null, false)).isEmpty();
    }

    @Test
    void archiveForWhenJarOrJdkChangesThenAnotherNameAndOtherwiseTheSame() throws Exception {
        Path first = ClassDataSharing.archiveFor(io(), java, jar);

        assertThat(ClassDataSharing.archiveFor(io(), java, jar)).isEqualTo(first);
        assertThat(first.getFileName().toString()).matches("adfs-saml-[0-9a-f]{16}\\.jsa");
        assertThat(first.getParent()).isEqualTo(home.resolve(".aws/adfs-saml/cds"));
        assertThat(ClassDataSharing.archiveFor(io(), Path.of("/opt/other-jdk/bin/java"), jar)).isNotEqualTo(first);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertThat(ClassDataSharing.archiveFor(io(), java, jar)).isNotEqualTo(first);
    }
}
