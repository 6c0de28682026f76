package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

class CliRunnerTest {

    private static CliIo io() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CliIo(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of(), Terminal.none());
    }

    @Test
    void unusedConvertersWhenEveryCommandIsBuiltThenNoOptionHasAnExcludedType() {
        CommandLine all = CliRunner.commandLine(new TopCommand(io()), io());
        List<String> types = new ArrayList<>();
        collectTypes(all.getCommandSpec(), types);

        assertThat(all.getSubcommands()).containsKeys("login", "credential-process", "roles", "inspect", "configure",
                "demo");
        assertThat(types).contains("java.nio.file.Path", "java.net.URI");
        for (String exclusion : CliRunner.UNUSED_CONVERTERS.split(",")) {
            assertThat(types).as("option types matching " + exclusion).noneMatch(type -> type.matches(exclusion));
        }
    }

    @Test
    void loggingProviderWhenNamedThenItIsTheOnlyServiceProviderOnTheClassPath() {
        List<String> providers = new ArrayList<>();
        for (SLF4JServiceProvider provider : ServiceLoader.load(SLF4JServiceProvider.class)) {
            providers.add(provider.getClass().getName());
        }

        assertThat(providers).containsExactly(CliRunner.LOGGING_PROVIDER);
    }

    @Test
    void commandLineWhenASubcommandIsNamedThenOnlyItsModelIsBuiltWithTheInheritedOptions() {
        CommandLine named = CliRunner.commandLine(new TopCommand(io()), io(), "credential-process", "--profile", "p");

        assertThat(named.getSubcommands()).containsOnlyKeys("credential-process");
        CommandSpec spec = named.getSubcommands().get("credential-process").getCommandSpec();
        assertThat(spec.findOption("--profile")).isNotNull();
        assertThat(spec.findOption("--verbose")).as("inherited from the top command").isNotNull();
        assertThat(spec.parent()).isSameAs(named.getCommandSpec());
    }

    @Test
    void optionsWhenNotGivenThenDefaultsFalseFlagsAndEmptyLists() {
        CommandLine named = CliRunner.commandLine(new TopCommand(io()), io(), "inspect");
        named.parseArgs("inspect");
        InspectCommand inspect = (InspectCommand) named.getSubcommands().get("inspect").getCommandSpec().userObject();

        assertThat(inspect.json.value()).isFalse();
        assertThat(inspect.audiences.value()).isEmpty();
        assertThat(inspect.at.value()).isNull();
        assertThat(inspect.input.<String>getValue()).isEqualTo("-");
        assertThat(inspect.trust.any()).isFalse();
    }

    @Test
    void optionsWhenRepeatedThenEveryValueKeptInOrder() {
        CommandLine named = CliRunner.commandLine(new TopCommand(io()), io(), "inspect");
        named.parseArgs("inspect", "--audience", "urn:a", "--json", "--audience", "urn:b", "--trust-cert", "idp.pem",
                "response.xml");
        InspectCommand inspect = (InspectCommand) named.getSubcommands().get("inspect").getCommandSpec().userObject();

        assertThat(inspect.audiences.value()).containsExactly("urn:a", "urn:b");
        assertThat(inspect.json.value()).isTrue();
        assertThat(inspect.trust.trustCerts.value()).containsExactly(java.nio.file.Path.of("idp.pem"));
        assertThat(inspect.input.<String>getValue()).isEqualTo("response.xml");
    }

    @Test
    void verboseWhenGivenAfterTheSubcommandThenTheTopCommandSeesIt() {
        TopCommand top = new TopCommand(io());
        CommandLine named = CliRunner.commandLine(top, io(), "login", "--profile", "p", "-v");
        named.parseArgs("login", "--profile", "p", "-v");
        LoginCommand login = (LoginCommand) named.getSubcommands().get("login").getCommandSpec().userObject();

        assertThat(top.verbose()).isTrue();
        assertThat(login.profile.value()).isEqualTo("p");
        assertThat(login.sts.duration.value()).isNull();
    }

    @Test
    void loginWhenNoProfileGivenThenDefaultSamlAndShownInHelp() {
        CommandLine named = CliRunner.commandLine(new TopCommand(io()), io(), "login");
        named.parseArgs("login", "--duration", "3600");
        LoginCommand login = (LoginCommand) named.getSubcommands().get("login").getCommandSpec().userObject();

        assertThat(login.profile.value()).isEqualTo("saml");
        assertThat(login.sts.duration.value()).isEqualTo(3600);
        assertThat(named.getSubcommands().get("login").getUsageMessage())
                .startsWith("Usage: adfs-saml login [-hvV] [--json]")
                .contains("      --profile=P          Profile to write (and whose adfs_* settings are\n"
                        + "                             used); default saml.\n")
                .contains("  -V, --version            Print version information and exit.\n");
    }

    @Test
    void unusedConvertersWhenMatchedThenOnlyJavaSqlAndJavaTimeTypes() {
        List<String> exclusions = Arrays.asList(CliRunner.UNUSED_CONVERTERS.split(","));

        assertThat(List.of("java.sql.Timestamp", "java.time.Duration", "java.time.Instant"))
                .allMatch(type -> exclusions.stream().anyMatch(type::matches));
        assertThat(List.of("java.nio.file.Path", "java.net.URI", "java.lang.String", "javax.sql.DataSource"))
                .noneMatch(type -> exclusions.stream().anyMatch(type::matches));
    }

    private static void collectTypes(CommandSpec spec, List<String> types) {
        for (ArgSpec arg : spec.args()) {
            types.add(arg.type().getName());
            for (Class<?> auxiliary : arg.auxiliaryTypes()) {
                types.add(auxiliary.getName());
            }
        }
        spec.subcommands().values().forEach(sub -> collectTypes(sub.getCommandSpec(), types));
    }
}
