package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The form of a page the client would submit, with every successful control of THAT form only
 * (never another form's fields), and which of them take the user name, password or code.
 *
 * @param id            the form's id (or name when it has no id), empty when it has neither
 * @param rawAction     the action attribute as written
 * @param action        the action resolved against the page URL, empty when it cannot be resolved
 * @param method        upper-case method, {@code POST} or {@code GET}
 * @param fields        successful controls in document order (values as on the page)
 * @param usernameField the field the user name goes into, or null
 * @param passwordField the field the password goes into, or null
 * @param codeField     the field an MFA code goes into, or null
 * @param kmsiField     the "keep me signed in" checkbox name when the form has one, or null
 */
public record PageForm(
        String id,
        String rawAction,
        Optional<URI> action,
        String method,
        List<FormField> fields,
        String usernameField,
        String passwordField,
        String codeField,
        String kmsiField) {

    /** Copies the field list. */
    public PageForm {
        fields = List.copyOf(fields);
    }

    /**
     * @return the field names in the order they would be posted (the fields the client fills are
     *         always among them)
     */
    public List<String> postedFieldNames() {
        List<String> names = new ArrayList<>();
        for (FormField f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /**
     * @param name a field name
     * @return the first value of that field on the page
     */
    public Optional<String> value(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(FormField::value).findFirst();
    }

    @Override
    public String toString() {
        return "form#" + id + " " + method + " " + action.map(EntryUrl::withoutQuery).orElse(rawAction) + " fields=" + postedFieldNames();
    }
}
