package org.adfssaml.cli.internal;

import java.nio.file.Path;
import org.adfssaml.provider.AuthMethod;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The options that say how to sign in to the IdP; each falls back to the profile's {@code adfs_*} setting. */
public final class SignInOptions {

    final CliOption<String> idpUrl = CliOption.of(String.class, OptionSpec.builder("--idp-url").paramLabel("URL")
            .description("AD FS host or sign-in URL, e.g. https://adfs.example.com (profile: adfs_idp_url)."));

    final CliOption<AuthMethod> auth = CliOption.of(AuthMethod.class, OptionSpec.builder("--auth")
            .paramLabel("forms|kerberos|ntlm")
            .description("Authentication: forms (default), kerberos (the session's ticket), ntlm (profile: adfs_auth)."));

    final CliOption<String> username = CliOption.of(String.class, OptionSpec.builder("--username").paramLabel("USER")
            .description("DOMAIN\\user or user@domain; asked for on the terminal when missing (profile: adfs_username)."));

    final CliOption<Boolean> passwordStdin = CliOption.flag(OptionSpec.builder("--password-stdin")
            .description("Read the password from the first line of standard input (else ADFS_PASSWORD, else the terminal)."));

    final CliOption<String> relyingParty = CliOption.of(String.class, OptionSpec.builder("--relying-party")
            .paramLabel("ID")
            .description("Relying party identifier (default urn:amazon:webservices; profile: adfs_relying_party)."));

    final CliOption<Path> caBundle = CliOption.of(Path.class, OptionSpec.builder("--ca-bundle").paramLabel("PEM")
            .description("Extra CA certificates trusted for the IdP's TLS (profile: adfs_ca_bundle)."));

    final CliOption<Boolean> noVerifySignature = CliOption.flag(OptionSpec.builder("--no-verify-signature")
            .description("Do not check the SAML signature even when trust is configured (AWS still checks it)."));

    final TrustOptions trust = new TrustOptions();

    /** Adds these options, and the {@link TrustOptions}, to {@code command}. */
    void addTo(CommandSpec command) {
        CliOption.addTo(command, idpUrl, auth, username, passwordStdin, relyingParty, caBundle, noVerifySignature);
        trust.addTo(command);
    }
}
