package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code ~/.aws/adfs-saml/bin/adfs-saml}: a shell script that starts this CLI with the JVM options of the
 * {@code credential_process} line (C1 only, the class-data sharing archive), so that a {@code login} typed by hand
 * starts as fast as the AWS CLI's calls. {@code java -jar} cannot take JVM options from the jar itself; without the
 * options a cold {@code login} takes about twice as long (BENCHMARKS.md, cold login). POSIX systems only.
 */
final class Launcher {

    private Launcher() {
    }

    /** Where {@link #write} puts the script. */
    static Path path(CliIo io) {
        return io.home().resolve(".aws").resolve("adfs-saml").resolve("bin").resolve("adfs-saml");
    }

    /**
     * @param launch the command that starts this CLI, quoted for a POSIX shell (as in the credential_process line)
     * @return the script, or empty (with the reason told to the user) where it cannot be written
     */
    static Optional<Path> write(CliIo io, String launch) {
        if (!SafeFiles.POSIX) {
            return Optional.empty();
        }
        Path script = path(io);
        try {
            SafeFiles.writeAtomically(script, "#!/bin/sh\n"
                    + "# written by `adfs-saml configure`: this CLI with the JVM options of its credential_process line\n"
                    + "exec " + launch + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return Optional.of(script);
        } catch (IOException e) {
            io.tell("Skipping the launcher " + script + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
