package org.adfssaml.provider.internal.signin;

import java.util.Objects;

/**
 * One name/value pair a form would submit. {@code toString()} shows the name only: values may be
 * view state, context blobs or, once filled, secrets.
 *
 * @param name  field name
 * @param value field value as found on the page
 */
public record FormField(String name, String value) {
    /** Validates the components. */
    public FormField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return name;
    }
}
