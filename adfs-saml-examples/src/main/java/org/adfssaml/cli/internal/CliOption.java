package org.adfssaml.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One command-line option, built with picocli's programmatic API, and the value picocli parses into it.
 *
 * <p>The commands build their options by code instead of declaring them with picocli's annotations. Reflecting over
 * annotated classes (parsing the annotations, generating a proxy class per annotation type, scanning every command and
 * mixin for method subcommands) took 130 ms of a cold sign-in's main thread and 55 ms of CPU on a second one; built
 * by code, the model takes 60 to 80 ms, most of it loading picocli itself (BENCHMARKS.md, sixth session). The usage
 * help is the same.
 *
 * @param <T> the value's type
 */
final class CliOption<T> {

    private final OptionSpec spec;

    private CliOption(OptionSpec spec) {
        this.spec = spec;
    }

    /** An option that takes one value of {@code type}; its value is {@code null} when it is not given. */
    static <T> CliOption<T> of(Class<T> type, OptionSpec.Builder option) {
        return new CliOption<>(option.type(type).build());
    }

    /** An option without a value: {@code true} when given, else {@code false}. */
    static CliOption<Boolean> flag(OptionSpec.Builder option) {
        return initially(Boolean.FALSE, option.type(boolean.class));
    }

    /** A repeatable option, one value of {@code element} per occurrence; empty when it is not given. */
    static <T> CliOption<List<T>> list(Class<T> element, OptionSpec.Builder option) {
        return initially(new ArrayList<>(), option.type(List.class).auxiliaryTypes(element));
    }

    private static <T> CliOption<T> initially(T value, OptionSpec.Builder option) {
        OptionSpec spec = option.initialValue(value).build();
        // an options object whose options were never parsed (a test's, or a command's own default) reads this value
        spec.setValue(value);
        return new CliOption<>(spec);
    }

    /**
     * A command's model: its name, description and the standard {@code -h/--help} and {@code -V/--version}, with
     * {@code command} the object picocli calls.
     */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** Adds {@code options} to {@code command}. */
    static void addTo(CommandSpec command, CliOption<?>... options) {
        for (CliOption<?> option : options) {
            command.addOption(option.spec);
        }
    }

    /** @return the parsed value, or the value when not given */
    T value() {
        return spec.getValue();
    }
}
