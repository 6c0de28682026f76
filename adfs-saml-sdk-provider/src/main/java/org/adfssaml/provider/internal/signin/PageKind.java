package org.adfssaml.provider.internal.signin;

/** What a page the IdP returned asks the client to do. */
public enum PageKind {
    /** AD FS 3.0 / 2016 / 2019 / 2022 {@code form#loginForm}: user name and password together. */
    FORMS_LOGIN,
    /** AD FS 2019+ paginated sign-in, first step: {@code form#loginFormPaginated} asking for the user name only. */
    PAGINATED_USERNAME,
    /** AD FS 2019+ paginated sign-in, password step: {@code form#loginFormPaginated} with a password field. */
    PAGINATED_PASSWORD,
    /** AD FS 2.0 ASP.NET page: {@code form#aspnetForm} with the ContentPlaceHolder1 text boxes. */
    ASPNET_LOGIN,
    /** Another IdP's sign-in page (Shibboleth, SimpleSAMLphp, Keycloak): the one form with a password field. */
    GENERIC_LOGIN,
    /** AD FS IdP-initiated sign-on page listing relying parties to choose from. */
    RELYING_PARTY_PICKER,
    /** MFA adapter page asking for a one-time code. */
    MFA_CODE,
    /** MFA adapter page waiting for a push / number-match approval. */
    MFA_PUSH,
    /** MFA adapter the client cannot drive (Duo, unknown adapters). */
    MFA_UNSUPPORTED,
    /** A page showing the IdP's error text ({@code #errorText}). */
    AUTH_ERROR,
    /** AD FS's "An error occurred" page ({@code #errorArea}): a configuration or protocol error. */
    ADFS_ERROR_PAGE,
    /** The auto-post page carrying a non-empty {@code SAMLResponse}: success. */
    SAML_RESPONSE,
    /** The auto-post page of a WS-Federation relying party ({@code wresult}), not SAML. */
    WSFED_RESPONSE,
    /** The AWS sign-in role selection page (signin.aws.amazon.com/saml), reached past the IdP. */
    AWS_ROLE_SELECTION,
    /** A page with an empty {@code SAMLResponse} field. */
    EMPTY_SAML_RESPONSE,
    /** Anything else. */
    UNKNOWN
}
