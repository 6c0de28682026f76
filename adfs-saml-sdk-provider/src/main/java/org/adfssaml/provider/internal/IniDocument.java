package org.adfssaml.provider.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lossless model of an AWS shared credentials / config file: every line keeps its exact text and line terminator,
 * so that rewriting one profile leaves every other byte of the file as it was.
 *
 * <p>The grammar follows the SDK's own profile file reader (sections {@code [name]}, {@code key = value}
 * properties, indented continuation lines, {@code #} and {@code ;} comments) and is tolerant of what that reader
 * tolerates (CRLF or CR line ends, a byte order mark, spaces around names and {@code =}, comments after a section
 * header, properties before the first section). Lines that reader would reject are refused here too, with the
 * line number only: a malformed line may hold a secret, so its text is never echoed.
 *
 * <p>Not thread-safe; instances are used under the file lock by one writer.
 */
public final class IniDocument {

    /** What a line is. */
    enum Kind { BLANK, COMMENT, SECTION, PROPERTY, CONTINUATION }

    /** One physical line: its text without terminator, its terminator ("" for the last line without one). */
    record Line(Kind kind, String text, String terminator, String name) {
        String render() {
            return text + terminator;
        }
    }

    private final List<Line> lines;
    private final String newline;

    private IniDocument(List<Line> lines, String newline) {
        this.lines = lines;
        this.newline = newline;
    }

    /**
     * Parses file text.
     *
     * @param text the whole file, decoded
     * @param source how to name the file in error messages (its path)
     * @return the document
     * @throws IniFormatException when a line is neither blank, a comment, a section header, a property nor a
     *                            continuation of a property; the message names the source and line number
     */
    public static IniDocument parse(String text, String source) {
        List<Line> lines = new ArrayList<>();
        int crlf = 0;
        int lf = 0;
        int lineNumber = 0;
        boolean inPropertyWithValue = false;
        int pos = 0;
        int length = text.length();
        while (pos < length) {
            lineNumber++;
            int end = pos;
            while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String terminator;
            if (end >= length) {
                terminator = "";
            } else if (text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n') {
                terminator = "\r\n";
                crlf++;
            } else {
                terminator = String.valueOf(text.charAt(end));
                if (terminator.equals("\n")) {
                    lf++;
                }
            }
            String raw = text.substring(pos, end);
            pos = end + terminator.length();
            String content = lineNumber == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
            Line line = classify(content, raw, terminator, lineNumber, source, inPropertyWithValue);
            if (line.kind() == Kind.PROPERTY) {
                inPropertyWithValue = true;
            } else if (line.kind() == Kind.SECTION) {
                inPropertyWithValue = false;
            }
            lines.add(line);
        }
        return new IniDocument(lines, crlf > lf ? "\r\n" : "\n");
    }

    private static Line classify(String content, String raw, String terminator, int lineNumber, String source,
                                 boolean afterProperty) {
        String trimmed = content.strip();
        if (trimmed.isEmpty()) {
            return new Line(Kind.BLANK, raw, terminator, null);
        }
        if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
            return new Line(Kind.COMMENT, raw, terminator, null);
        }
        if (content.startsWith("[")) {
            int close = content.indexOf(']');
            if (close < 0) {
                throw new IniFormatException(at(source, lineNumber)
                                             + ": expected a section header ending with ']', found no ']'");
            }
            String after = content.substring(close + 1).strip();
            if (!after.isEmpty() && !after.startsWith("#") && !after.startsWith(";")) {
                throw new IniFormatException(at(source, lineNumber)
                                             + ": expected only a comment after the section header's ']', found other text");
            }
            String name = content.substring(1, close).strip();
            if (name.isEmpty()) {
                throw new IniFormatException(at(source, lineNumber)
                                             + ": expected a profile name between '[' and ']', found none");
            }
            return new Line(Kind.SECTION, raw, terminator, name);
        }
        if (content.startsWith(" ") || content.startsWith("\t")) {
            if (!afterProperty) {
                throw new IniFormatException(at(source, lineNumber)
                                             + ": expected a property ('key = value'), found an indented continuation line "
                                             + "with no property before it");
            }
            return new Line(Kind.CONTINUATION, raw, terminator, null);
        }
        int equals = content.indexOf('=');
        if (equals < 0) {
            throw new IniFormatException(at(source, lineNumber)
                                         + ": expected '[profile]', 'key = value', a comment or a blank line, "
                                         + "found text without '='");
        }
        String key = content.substring(0, equals).strip();
        if (key.isEmpty()) {
            throw new IniFormatException(at(source, lineNumber) + ": expected a property name before '=', found none");
        }
        return new Line(Kind.PROPERTY, raw, terminator, key);
    }

    private static String at(String source, int lineNumber) {
        return (source.isEmpty() ? "" : source + " ") + "line " + lineNumber;
    }

    /** The whole document as text, byte-for-byte what was parsed plus any changes. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(line.render());
        }
        return out.toString();
    }

    /** Names of the sections in document order (duplicates included). */
    public List<String> sectionNames() {
        List<String> names = new ArrayList<>();
        for (Line line : lines) {
            if (line.kind() == Kind.SECTION) {
                names.add(line.name());
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Sets properties of one section, creating the section at the end when it is missing.
     *
     * <p>In the first section with that name, each key of {@code values} replaces the existing property line (and its
     * continuation lines) in place, or is added after the section's last property; other keys are left alone. Every
     * key of {@code values} is removed from later duplicate sections of the same name (the SDK merges duplicates, the
     * later one winning). Every other line of the document is kept as it was.
     *
     * @param section section name as written between the brackets
     * @param values  keys and values to write, in the order new keys are added
     */
    public void setSection(String section, Map<String, String> values) {
        Set<String> keys = values.keySet();
        int first = findSection(section, 0);
        if (first < 0) {
            appendSection(section, values);
            return;
        }
        int next = findSection(section, sectionEnd(first));
        while (next >= 0) {
            removeKeys(next, keys);
            next = findSection(section, sectionEnd(next));
        }
        Map<String, String> missing = new LinkedHashMap<>(values);
        int end = sectionEnd(first);
        for (int i = first + 1; i < end; i++) {
            Line line = lines.get(i);
            if (line.kind() != Kind.PROPERTY || !keys.contains(line.name())) {
                continue;
            }
            if (!missing.containsKey(line.name())) {
                // a duplicate of a key already written in this section: drop it so the written value is the only one
                end -= removeProperty(i);
                i--;
                continue;
            }
            String value = missing.remove(line.name());
            lines.set(i, new Line(Kind.PROPERTY, line.name() + " = " + value, terminatorOrNewline(line), line.name()));
            end -= removeContinuations(i + 1);
        }
        int insertAt = first + 1;
        for (int i = first + 1; i < end; i++) {
            Kind kind = lines.get(i).kind();
            if (kind == Kind.PROPERTY || kind == Kind.CONTINUATION) {
                insertAt = i + 1;
            }
        }
        ensureTerminated(insertAt - 1);
        for (Map.Entry<String, String> entry : missing.entrySet()) {
            lines.add(insertAt++, new Line(Kind.PROPERTY, entry.getKey() + " = " + entry.getValue(), newline, entry.getKey()));
        }
    }

    private void appendSection(String section, Map<String, String> values) {
        if (!lines.isEmpty()) {
            ensureTerminated(lines.size() - 1);
            if (lines.get(lines.size() - 1).kind() != Kind.BLANK) {
                lines.add(new Line(Kind.BLANK, "", newline, null));
            }
        }
        lines.add(new Line(Kind.SECTION, "[" + section + "]", newline, section));
        for (Map.Entry<String, String> entry : values.entrySet()) {
            lines.add(new Line(Kind.PROPERTY, entry.getKey() + " = " + entry.getValue(), newline, entry.getKey()));
        }
    }

    private void ensureTerminated(int index) {
        if (index < 0) {
            return;
        }
        Line line = lines.get(index);
        if (line.terminator().isEmpty()) {
            lines.set(index, new Line(line.kind(), line.text(), newline, line.name()));
        }
    }

    private String terminatorOrNewline(Line line) {
        return line.terminator().isEmpty() ? newline : line.terminator();
    }

    private void removeKeys(int sectionIndex, Set<String> keys) {
        int end = sectionEnd(sectionIndex);
        for (int i = sectionIndex + 1; i < end; i++) {
            Line line = lines.get(i);
            if (line.kind() == Kind.PROPERTY && keys.contains(line.name())) {
                end -= removeProperty(i);
                i--;
            }
        }
    }

    /** Removes the property at index and its continuation lines; returns how many lines went. */
    private int removeProperty(int index) {
        lines.remove(index);
        return 1 + removeContinuations(index);
    }

    private int removeContinuations(int from) {
        int removed = 0;
        while (from < lines.size() && lines.get(from).kind() == Kind.CONTINUATION) {
            lines.remove(from);
            removed++;
        }
        return removed;
    }

    private int findSection(String name, int from) {
        for (int i = from; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.kind() == Kind.SECTION && line.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private int sectionEnd(int sectionIndex) {
        for (int i = sectionIndex + 1; i < lines.size(); i++) {
            if (lines.get(i).kind() == Kind.SECTION) {
                return i;
            }
        }
        return lines.size();
    }
}
