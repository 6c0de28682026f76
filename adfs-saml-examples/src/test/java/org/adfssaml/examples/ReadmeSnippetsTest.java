package org.adfssaml.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code // snippet: NAME} ... {@code // end snippet} region of the project's compiled sources must appear
 * verbatim (dedented) in README.md, so a README snippet cannot drift from code that compiles and runs.
 */
class ReadmeSnippetsTest {

    private static final Pattern SNIPPET = Pattern.compile(
            "^[ \\t]*// snippet: ([\\w-]+)[ \\t]*\\R(.*?)^[ \\t]*// end snippet[ \\t]*$", Pattern.MULTILINE | Pattern.DOTALL);

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void readmeWhenSnippetsExtractedFromSourcesThenEachAppearsVerbatim() throws IOException {
        Map<String, String> snippets = snippets();
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);

        assertThat(snippets).containsKeys("core-usage", "testkit-junit", "s3-list-buckets", "from-profile", "mfa-handler");
        List<String> missing = new ArrayList<>();
        snippets.forEach((name, code) -> {
            if (!readme.contains(code)) {
                missing.add(name);
            }
        });
        assertThat(missing).as("snippets whose code is not in README.md verbatim (dedented)").isEmpty();
    }

    @Test
    void dedentWhenCommonIndentationThenRemovedAndRelativeIndentationKept() {
        assertThat(dedent("        a(\n            b);\n")).isEqualTo("a(\n    b);\n");
    }

    private static Map<String, String> snippets() throws IOException {
        Map<String, String> snippets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/") && !f.toString().contains("/target/"))
                    .filter(f -> !f.getFileName().toString().equals("ReadmeSnippetsTest.java"))
                    .sorted().toList()) {
                Matcher m = SNIPPET.matcher(read(file));
                while (m.find()) {
                    String previous = snippets.put(m.group(1), dedent(m.group(2)));
                    assertThat(previous).as("snippet name %s used twice", m.group(1)).isNull();
                }
            }
        }
        return snippets;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dedent(String code) {
        List<String> lines = code.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
