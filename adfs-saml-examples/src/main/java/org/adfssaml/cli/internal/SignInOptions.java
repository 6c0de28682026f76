package org.adfssaml.cli.internal;

import java.nio.file.Path;
import org.adfssaml.provider.AuthMethod;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that say how to sign in to the IdP; each falls back to the profile's {@code adfs_*} setting. */
public final class SignInOptions {

    @Option(names = "--idp-url", paramLabel = "URL",
            description = "AD FS host or sign-in URL, e.g. https://adfs.example.com (profile: adfs_idp_url).")
    String idpUrl;

    @Option(names = "--auth", paramLabel = "forms|kerberos|ntlm",
            description = "Authentication: forms (default), kerberos (the session's ticket), ntlm (profile: adfs_auth).")
    AuthMethod auth;

    @Option(names = "--username", paramLabel = "USER",
            description = "DOMAIN\\user or user@domain; asked for on the terminal when missing (profile: adfs_username).")
    String username;

    @Option(names = "--password-stdin",
            description = "Read the password from the first line of standard input (else ADFS_PASSWORD, else the terminal).")
    boolean passwordStdin;

    @Option(names = "--relying-party", paramLabel = "ID",
            description = "Relying party identifier (default urn:amazon:webservices; profile: adfs_relying_party).")
    String relyingParty;

    @Option(names = "--ca-bundle", paramLabel = "PEM",
            description = "Extra CA certificates trusted for the IdP's TLS (profile: adfs_ca_bundle).")
    Path caBundle;

    @Option(names = "--no-verify-signature",
            description = "Do not check the SAML signature even when trust is configured (AWS still checks it).")
    boolean noVerifySignature;

    @Mixin
    TrustOptions trust = new TrustOptions();
}
