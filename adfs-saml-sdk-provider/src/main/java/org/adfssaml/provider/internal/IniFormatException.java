package org.adfssaml.provider.internal;

/** A profile file line that neither the SDK's reader nor ours accepts. The message names file and line, not its text. */
public final class IniFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IniFormatException(String message) {
        super(message);
    }
}
