package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An AWS config or credentials file, edited line by line so that everything not touched (other profiles,
 * comments, blank lines, nested {@code s3 =} blocks) is written back exactly as it was.
 */
final class IniFile {

    private final List<String> lines;

    private IniFile(List<String> lines) {
        this.lines = lines;
    }

    static IniFile read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new IniFile(new ArrayList<>());
        }
        return new IniFile(new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
    }

    static IniFile of(String text) {
        return new IniFile(new ArrayList<>(text.lines().toList()));
    }

    /** The section name of a config file profile: {@code default} or {@code profile NAME}. */
    static String configSection(String profile) {
        return "default".equals(profile) ? "default" : "profile " + profile;
    }

    /**
     * @param section the section name as written between the brackets (whitespace-insensitive)
     * @return its top-level keys and values, empty when there is no such section
     */
    Optional<Map<String, String>> section(String section) {
        int header = find(section);
        if (header < 0) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = header + 1; i < lines.size() && !isHeader(lines.get(i)); i++) {
            String line = lines.get(i);
            if (isProperty(line)) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
            }
        }
        return Optional.of(values);
    }

    /**
     * Sets keys of a section, creating it at the end when missing; a key already there is replaced in
     * place, a new one is added at the end of the section; {@code null} values remove the key.
     */
    void put(String section, Map<String, String> values) {
        int header = find(section);
        if (header < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            lines.add("[" + section + "]");
            header = lines.size() - 1;
        }
        Map<String, String> pending = new LinkedHashMap<>(values);
        int i = header + 1;
        int lastProperty = header;
        while (i < lines.size() && !isHeader(lines.get(i))) {
            String line = lines.get(i);
            if (isProperty(line)) {
                String key = line.substring(0, line.indexOf('=')).trim().toLowerCase(Locale.ROOT);
                int end = i + 1;
                while (end < lines.size() && isContinuation(lines.get(end))) {
                    end++;
                }
                if (pending.containsKey(key)) {
                    String value = pending.remove(key);
                    lines.subList(i, end).clear();
                    if (value != null) {
                        lines.add(i, key + " = " + value);
                        lastProperty = i;
                        i++;
                    }
                    continue;
                }
                lastProperty = end - 1;
                i = end;
                continue;
            }
            i++;
        }
        int insertAt = lastProperty + 1;
        for (Map.Entry<String, String> entry : pending.entrySet()) {
            if (entry.getValue() != null) {
                lines.add(insertAt++, entry.getKey() + " = " + entry.getValue());
            }
        }
    }

    String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private int find(String section) {
        String wanted = normalise(section);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isHeader(line)) {
                String name = line.trim();
                name = name.substring(1, name.indexOf(']'));
                if (normalise(name).equals(wanted)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String normalise(String section) {
        return section.trim().replaceAll("\\s+", " ");
    }

    private static boolean isHeader(String line) {
        String t = line.trim();
        return t.startsWith("[") && t.indexOf(']') > 0;
    }

    private static boolean isProperty(String line) {
        return !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")
                && !line.startsWith(";") && line.indexOf('=') > 0;
    }

    private static boolean isContinuation(String line) {
        return !line.isEmpty() && Character.isWhitespace(line.charAt(0)) && !line.isBlank();
    }
}
