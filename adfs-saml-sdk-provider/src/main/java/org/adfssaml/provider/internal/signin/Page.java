package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A classified IdP page: what kind it is and what the client would do with it.
 * {@code toString()} never shows field values or the SAML response.
 *
 * @param kind              what the page asks for
 * @param url               the page URL
 * @param title             the page title, trimmed
 * @param formIds           ids (or names) of every form on the page, in order
 * @param authMethods       every non-empty {@code AuthMethod} value on the page
 * @param form              the form the client would submit, if any
 * @param errorText         the IdP's error text, if shown
 * @param mfaAdapter        the MFA adapter ({@code AuthMethod}) for MFA pages
 * @param numberToShow      the number-matching number on a push page
 * @param prompt            the instruction text on an MFA page (may be empty)
 * @param samlResponse      the SAMLResponse value on a success page
 * @param relyingParties    options of the relying-party picker
 * @param relyingPartyField the field name of the picker's drop-down, or null
 */
public record Page(
        PageKind kind,
        URI url,
        String title,
        List<String> formIds,
        List<String> authMethods,
        Optional<PageForm> form,
        Optional<String> errorText,
        Optional<String> mfaAdapter,
        Optional<String> numberToShow,
        String prompt,
        Optional<String> samlResponse,
        List<RelyingPartyOption> relyingParties,
        String relyingPartyField) {

    /** Copies the lists. */
    public Page {
        formIds = List.copyOf(formIds);
        authMethods = List.copyOf(authMethods);
        relyingParties = List.copyOf(relyingParties);
    }

    /**
     * An option of the relying-party drop-down.
     *
     * @param value       the posted value (identifier)
     * @param displayName the text shown
     */
    public record RelyingPartyOption(String value, String displayName) {
    }

    /**
     * @return a description for error messages and logs: URL without query, title, form ids,
     *         AuthMethod values, error text; never field values
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(EntryUrl.withoutQuery(url)).append(" (title '").append(title).append("', forms ")
                .append(formIds.isEmpty() ? "none" : formIds.stream().map(i -> i.isEmpty() ? "<unnamed>" : "#" + i).toList())
                .append(", AuthMethod ").append(authMethods.isEmpty() ? "none" : authMethods);
        errorText.ifPresent(e -> sb.append(", error text '").append(e).append('\''));
        sb.append(')');
        return sb.toString();
    }

    @Override
    public String toString() {
        return kind + " " + describe() + form.map(f -> " " + f).orElse("");
    }
}
