package org.adfssaml.cli.internal;

import java.util.Collection;
import java.util.Map;
import org.adfssaml.provider.internal.FlatJson;

/**
 * A tiny JSON writer for the CLI's documented output shapes: maps (insertion order kept), collections,
 * strings, numbers, booleans and null. A JSON library would be a dependency of the shaded jar for a few
 * dozen lines of output.
 */
public final class Json {

    private Json() {
    }

    /**
     * @param value a {@link Map} with string keys, a {@link Collection}, a {@link CharSequence}, a
     *     {@link Number}, a {@link Boolean} or {@code null}
     * @return the value as indented JSON
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                indent(out, depth + 1);
                string(out, String.valueOf(entry.getKey()));
                out.append(": ");
                write(out, entry.getValue(), depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "\n" : ",\n");
                first = false;
                indent(out, depth + 1);
                write(out, item, depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof CharSequence text) {
            string(out, text);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }

    /** The same escaping as the credential_process output: one implementation, in the provider. */
    private static void string(StringBuilder out, CharSequence text) {
        FlatJson.appendString(out, text.toString());
    }
}
