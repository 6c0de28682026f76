package org.adfssaml.cli.internal;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.core.NoMatchingRoleException;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.provider.AdfsAuthenticationException;
import org.adfssaml.provider.AdfsSignInException;
import org.adfssaml.provider.StsRefusedException;

/**
 * Maps a failure to the documented exit code and prints it as one line on standard error; the stack trace
 * only with {@code --verbose}. The messages of this project's exceptions never carry secrets, so they are
 * shown as they are.
 */
final class ErrorReporter {

    private ErrorReporter() {
    }

    static int report(Throwable failure, CliIo io, boolean verbose) {
        Classified classified = classify(failure);
        io.err().println("adfs-saml: " + classified.message);
        if (verbose) {
            failure.printStackTrace(io.err());
        } else if (classified.exitCode == AdfsSamlCli.UNEXPECTED) {
            io.err().println("(run again with --verbose for the stack trace)");
        }
        return classified.exitCode;
    }

    static int exitCode(Throwable failure) {
        return classify(failure).exitCode;
    }

    private record Classified(int exitCode, String message) {
    }

    private static Classified classify(Throwable failure) {
        // the provider and the SDK wrap; the most specific cause anywhere in the chain decides
        // (a malformed SAMLResponse arrives as a sign-in failure caused by a SamlValidationException)
        if (find(failure, CliException.class) instanceof CliException e) {
            return new Classified(e.exitCode(), e.getMessage());
        }
        if (find(failure, AdfsAuthenticationException.class) instanceof AdfsAuthenticationException e) {
            return new Classified(AdfsSamlCli.AUTHENTICATION_REFUSED, "authentication refused: " + e.getMessage());
        }
        if (find(failure, SamlValidationException.class) instanceof SamlValidationException e) {
            return new Classified(AdfsSamlCli.SAML_INVALID, "SAML response invalid: " + e.getMessage());
        }
        if (find(failure, NoMatchingRoleException.class) instanceof NoMatchingRoleException e) {
            return new Classified(AdfsSamlCli.NO_ROLE, "no role matches: " + e.getMessage());
        }
        if (find(failure, StsRefusedException.class) instanceof StsRefusedException e) {
            return new Classified(AdfsSamlCli.STS_REFUSED, "STS refused: " + e.getMessage());
        }
        if (find(failure, AdfsSignInException.class) instanceof AdfsSignInException e) {
            return new Classified(AdfsSamlCli.UNEXPECTED, "sign-in failed: " + e.getMessage());
        }
        if (find(failure, NoSuchFileException.class) instanceof NoSuchFileException e) {
            return new Classified(AdfsSamlCli.USAGE, "no such file: " + e.getFile());
        }
        if (find(failure, AccessDeniedException.class) instanceof AccessDeniedException e) {
            return new Classified(AdfsSamlCli.USAGE, "permission denied: " + e.getFile());
        }
        Throwable shown = failure instanceof UncheckedIOException && failure.getCause() != null
                ? failure.getCause() : failure;
        return new Classified(AdfsSamlCli.UNEXPECTED,
                "unexpected error: " + shown.getClass().getSimpleName() + ": " + shown.getMessage());
    }

    private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
