package org.adfssaml.provider;

/**
 * How {@link AdfsSignIn} proves the user's identity to AD FS.
 */
public enum AuthMethod {
    /**
     * Forms authentication: the user name and password are posted into the IdP's sign-in form
     * (AD FS 2.0 / 3.0 / 2016 / 2019 / 2022, paginated sign-in, or a generic SAML IdP form).
     */
    FORMS,
    /**
     * Windows integrated authentication with SPNEGO/Kerberos: the logged-in user's ticket cache,
     * or a principal with a keytab or password given in the builder.
     */
    KERBEROS,
    /**
     * Windows integrated authentication with NTLM, using explicit DOMAIN&#92;user credentials.
     */
    NTLM
}
