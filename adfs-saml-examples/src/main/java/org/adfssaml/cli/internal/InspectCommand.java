package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.SamlError;
import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.core.SamlValidator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code inspect [FILE|-]}: decodes and validates a SAML response. Without {@code --trust-cert} or
 * {@code --trust-metadata} the signature cannot be checked, and that is reported as an error
 * ({@code no_trust_configured}) so that "valid" always means "AWS would accept it from this IdP";
 * {@code --no-verify-signature} checks everything else and says the signature was not verified.
 */
final class InspectCommand implements Callable<Integer> {

    /**
     * The CLI's own error code (not one of core's {@link SamlErrorCodes}): the signature could not be checked
     * because no trust was given.
     */
    static final String NO_TRUST_CONFIGURED = "no_trust_configured";

    /** The parser's own limit is 1 MiB decoded; base64 adds a third, whitespace a little more. */
    private static final int MAX_INPUT_BYTES = 2 << 20;

    private final CliIo io;

    final PositionalParamSpec input = PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("FILE|-")
            .defaultValue("-").type(String.class)
            .description("The SAML response, base64 or XML; '-' or nothing reads standard input.").build();

    final TrustOptions trust = new TrustOptions();

    final CliOption<Boolean> noVerifySignature = CliOption.flag(OptionSpec.builder("--no-verify-signature")
            .description("Do not check the signature (reported as not verified); everything else is checked."));

    final CliOption<String> at = CliOption.of(String.class, OptionSpec.builder("--at").paramLabel("INSTANT")
            .description("Validate as of this time (ISO-8601, e.g. 2015-10-08T21:45:00Z) instead of now."));

    final CliOption<Boolean> allowRsaSha1 = CliOption.flag(OptionSpec.builder("--allow-rsa-sha1")
            .description("Accept RSA-SHA1 signatures (older AD FS relying party trusts)."));

    final CliOption<List<String>> audiences = CliOption.list(String.class, OptionSpec.builder("--audience")
            .paramLabel("URI")
            .description("Expected audience instead of AWS's urn:amazon:webservices variants; repeatable."));

    final CliOption<List<String>> destinations = CliOption.list(String.class, OptionSpec.builder("--destination")
            .paramLabel("URL")
            .description("Expected Destination/Recipient instead of the AWS sign-in endpoints; repeatable."));

    final CliOption<Path> caBundle = CliOption.of(Path.class, OptionSpec.builder("--ca-bundle").paramLabel("PEM")
            .description("Extra TLS trust for a --trust-metadata URL."));

    final CliOption<Boolean> json = CliOption.flag(OptionSpec.builder("--json")
            .description("Print JSON (valid, errors, issuer, subject, roles, attributes, conditions)."));

    InspectCommand(CliIo io) {
        this.io = io;
    }

    CommandSpec spec() {
        CommandSpec spec = CliOption.command(this, "inspect",
                "Decode and validate a SAML response (base64 or XML) and show what it carries.",
                "Exit code 0 when valid, 4 when invalid or malformed.");
        spec.addPositional(input);
        trust.addTo(spec);
        CliOption.addTo(spec, noVerifySignature, at, allowRsaSha1, audiences, destinations, caBundle, json);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        if (noVerifySignature.value() && trust.any()) {
            throw CliException.usage("--no-verify-signature contradicts --trust-cert/--trust-metadata: give one or the other");
        }
        SamlValidator validator = validator();
        byte[] bytes = read();
        SamlResponse response;
        List<SamlError> errors = new ArrayList<>();
        try {
            response = SamlResponse.parse(bytes);
        } catch (SamlValidationException malformed) {
            errors.addAll(malformed.errors());
            print(null, errors);
            return AdfsSamlCli.SAML_INVALID;
        }
        LinkedHashSet<SamlError> all = new LinkedHashSet<>();
        if (!noVerifySignature.value() && !trust.any()) {
            all.add(new SamlError(NO_TRUST_CONFIGURED, "expected --trust-cert or --trust-metadata to "
                    + "verify the signature, found neither (--no-verify-signature checks everything else)"));
        }
        all.addAll(validator.check(response));
        all.addAll(response.roleErrors());
        errors.addAll(all);
        print(response, errors);
        return errors.isEmpty() ? AdfsSamlCli.OK : AdfsSamlCli.SAML_INVALID;
    }

    private SamlValidator validator() throws IOException {
        SamlValidator.Builder builder = SamlValidator.builder().allowRsaSha1(allowRsaSha1.value());
        String at = this.at.value();
        if (at != null) {
            try {
                builder.clock(Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw CliException.usage("--at: expected an ISO-8601 instant such as 2015-10-08T21:45:00Z, found '"
                        + at + "'");
            }
        }
        if (!audiences.value().isEmpty()) {
            builder.audiences(audiences.value().toArray(String[]::new));
        }
        if (!destinations.value().isEmpty()) {
            builder.destinations(destinations.value().toArray(String[]::new));
        }
        if (noVerifySignature.value() || !trust.any()) {
            builder.skipSignatureVerification();
        } else {
            trust.applyTo(builder, caBundle.value());
        }
        return builder.build();
    }

    private byte[] read() throws IOException {
        byte[] bytes;
        String input = this.input.getValue();
        if ("-".equals(input)) {
            bytes = io.stdin().readNBytes(MAX_INPUT_BYTES + 1);
        } else {
            try (InputStream in = Files.newInputStream(Path.of(input))) {
                bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
            }
        }
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new CliException(AdfsSamlCli.SAML_INVALID, "SAML response invalid: oversized_input: expected at most "
                    + MAX_INPUT_BYTES + " bytes of input, found more");
        }
        return trim(bytes);
    }

    /** A pasted response usually ends with a line break; the parser's base64 is strict. */
    private static byte[] trim(byte[] bytes) {
        int start = 0;
        int end = bytes.length;
        while (start < end && Character.isWhitespace(bytes[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        return java.util.Arrays.copyOfRange(bytes, start, end);
    }

    private void print(SamlResponse response, List<SamlError> errors) {
        if (json.value()) {
            io.out().println(Json.write(toJson(response, errors)));
        } else {
            printText(response, errors);
        }
    }

    private Map<String, Object> toJson(SamlResponse r, List<SamlError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", errors.isEmpty());
        List<Object> errorList = new ArrayList<>();
        for (SamlError e : errors) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", e.code());
            error.put("message", e.message());
            errorList.add(error);
        }
        out.put("errors", errorList);
        out.put("signatureVerified", r == null || noVerifySignature.value() ? Boolean.FALSE
                : errors.stream().noneMatch(InspectCommand::isSignatureError));
        if (r == null) {
            return out;
        }
        out.put("responseId", r.responseId());
        out.put("issuer", r.issuer().orElse(null));
        out.put("assertionIssuer", r.assertionIssuer().orElse(null));
        out.put("issueInstant", r.issueInstant().map(Instant::toString).orElse(null));
        out.put("destination", r.destination().orElse(null));
        out.put("statusCode", r.statusCode());
        out.put("statusMessage", r.statusMessage().orElse(null));
        out.put("subject", r.nameId().orElse(null));
        out.put("subjectFormat", r.nameIdFormat().orElse(null));
        List<Object> roles = new ArrayList<>();
        for (AwsRole role : r.roles()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("roleArn", role.roleArn());
            item.put("principalArn", role.principalArn());
            item.put("accountId", role.accountId());
            item.put("roleName", role.roleName());
            roles.add(item);
        }
        out.put("roles", roles);
        out.put("roleSessionName", r.roleSessionName().orElse(null));
        out.put("sessionDuration", r.sessionDuration().map(java.time.Duration::getSeconds).orElse(null));
        out.put("sourceIdentity", r.sourceIdentity().orElse(null));
        out.put("principalTags", new LinkedHashMap<>(r.principalTags()));
        out.put("transitiveTagKeys", r.transitiveTagKeys());
        out.put("notBefore", r.notBefore().map(Instant::toString).orElse(null));
        out.put("notOnOrAfter", r.notOnOrAfter().map(Instant::toString).orElse(null));
        out.put("subjectConfirmationNotOnOrAfter",
                r.subjectConfirmationNotOnOrAfter().map(Instant::toString).orElse(null));
        out.put("expiry", r.expiry().map(Instant::toString).orElse(null));
        out.put("recipient", r.recipient().orElse(null));
        out.put("audiences", r.audiences());
        out.put("attributes", new LinkedHashMap<>(r.attributes()));
        return out;
    }

    private static boolean isSignatureError(SamlError e) {
        return switch (e.code()) {
            case SamlErrorCodes.INVALID_SIGNATURE, SamlErrorCodes.UNTRUSTED_SIGNER, SamlErrorCodes.MISSING_SIGNATURE,
                    SamlErrorCodes.UNSUPPORTED_ALGORITHM, NO_TRUST_CONFIGURED,
                    SamlErrorCodes.INVALID_TRUST -> true;
            default -> false;
        };
    }

    private void printText(SamlResponse r, List<SamlError> errors) {
        var out = io.out();
        if (errors.isEmpty()) {
            out.println(noVerifySignature.value() ? "VALID (signature NOT verified: --no-verify-signature)" : "VALID");
        } else {
            out.println("INVALID: " + errors.size() + " error" + (errors.size() == 1 ? "" : "s"));
            for (SamlError e : errors) {
                out.println("  " + e.code() + ": " + e.message());
            }
        }
        if (r == null) {
            return;
        }
        out.println();
        line("Response ID", Optional.of(r.responseId()));
        line("Issuer", r.issuer());
        if (!r.assertionIssuer().equals(r.issuer())) {
            line("Assertion issuer", r.assertionIssuer());
        }
        line("Issued", r.issueInstant().map(Instant::toString));
        line("Destination", r.destination());
        line("Status", Optional.of(r.statusCode() + r.statusMessage().map(m -> " (" + m + ")").orElse("")));
        line("Subject", r.nameId().map(id -> id + r.nameIdFormat().map(f -> "  [" + f + "]").orElse("")));
        line("Not before", r.notBefore().map(Instant::toString));
        line("Not on or after", r.notOnOrAfter().map(Instant::toString));
        line("Confirmation until", r.subjectConfirmationNotOnOrAfter().map(Instant::toString));
        line("Recipient", r.recipient());
        line("Audiences", r.audiences().isEmpty() ? Optional.empty() : Optional.of(String.join(", ", r.audiences())));
        line("Session name", r.roleSessionName());
        line("Session duration", r.sessionDuration().map(d -> d.getSeconds() + " s"));
        line("Source identity", r.sourceIdentity());
        if (!r.principalTags().isEmpty()) {
            line("Principal tags", Optional.of(r.principalTags().toString()));
        }
        if (!r.transitiveTagKeys().isEmpty()) {
            line("Transitive tags", Optional.of(String.join(", ", r.transitiveTagKeys())));
        }
        out.println();
        if (r.roles().isEmpty()) {
            out.println("Roles: none");
        } else {
            out.println("Roles:");
            RoleTable.print(out, r.roles());
        }
        if (!r.attributes().isEmpty()) {
            out.println();
            out.println("Attributes:");
            r.attributes().forEach((name, values) -> out.println("  " + name + " = " + String.join(" | ", values)));
        }
    }

    private void line(String label, Optional<String> value) {
        value.ifPresent(v -> io.out().printf("%-20s %s%n", label + ":", v));
    }
}
