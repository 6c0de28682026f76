package org.adfssaml.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.adfssaml.core.internal.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.adfssaml.core.internal.SecureXml.SAML;
import static org.adfssaml.core.internal.SecureXml.SAMLP;
import static org.adfssaml.core.internal.SecureXml.attribute;
import static org.adfssaml.core.internal.SecureXml.child;
import static org.adfssaml.core.internal.SecureXml.children;
import static org.adfssaml.core.internal.SecureXml.trimmedText;

/** Reads the {@link SamlResponse} view out of a parsed DOM. */
final class ResponseReader {

    static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    private ResponseReader() {
    }

    /** A bearer SubjectConfirmationData. */
    record Confirmation(String recipient, Instant notBefore, Instant notOnOrAfter) {
    }

    /** Everything the view holds; immutable once built. */
    static final class Data {
        String responseId;
        String issuer;
        Instant issueInstant;
        String destination;
        String statusCode;
        String subStatusCode;
        String statusMessage;
        String assertionIssuer;
        Instant assertionIssueInstant;
        String nameId;
        String nameIdFormat;
        Instant notBefore;
        Instant notOnOrAfter;
        List<Confirmation> confirmations = List.of();
        List<List<String>> audiences = List.of();
        Map<String, List<String>> attributes = Map.of();
        List<AwsRole> roles = List.of();
        List<SamlError> roleErrors = List.of();
        Map<String, String> principalTags = Map.of();
    }

    static SamlResponse read(byte[] xml, Document document) {
        return new SamlResponse(xml, extract(document));
    }

    static Data extract(Document document) {
        Element root = document.getDocumentElement();
        if (!SecureXml.is(root, SAMLP, "Response")) {
            throw malformed("expected the root element samlp:Response {" + SAMLP + "}, found {"
                    + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        Data d = new Data();
        d.responseId = attribute(root, "ID").orElseThrow(() -> malformed("expected an ID attribute on the Response, found none"));
        d.issuer = trimmedText(child(root, SAML, "Issuer")).orElse(null);
        d.issueInstant = instant(root, "IssueInstant");
        d.destination = attribute(root, "Destination").orElse(null);
        Element status = child(root, SAMLP, "Status");
        Element code = child(status, SAMLP, "StatusCode");
        // A Response without Status is schema-invalid; the view reports it as an empty code and
        // the validator as status_not_success, rather than refusing to show anything else.
        d.statusCode = attribute(code, "Value").orElse("");
        d.subStatusCode = attribute(child(code, SAMLP, "StatusCode"), "Value").orElse(null);
        d.statusMessage = trimmedText(child(status, SAMLP, "StatusMessage")).orElse(null);

        Element assertion = child(root, SAML, "Assertion");
        if (assertion != null) {
            readAssertion(assertion, d);
        }
        return d;
    }

    private static void readAssertion(Element assertion, Data d) {
        d.assertionIssuer = trimmedText(child(assertion, SAML, "Issuer")).orElse(null);
        d.assertionIssueInstant = instant(assertion, "IssueInstant");
        Element subject = child(assertion, SAML, "Subject");
        Element nameId = child(subject, SAML, "NameID");
        d.nameId = trimmedText(nameId).orElse(null);
        d.nameIdFormat = attribute(nameId, "Format").orElse(null);
        List<Confirmation> confirmations = new ArrayList<>();
        for (Element sc : children(subject, SAML, "SubjectConfirmation")) {
            if (!BEARER.equals(sc.getAttributeNS(null, "Method"))) {
                continue;
            }
            Element scd = child(sc, SAML, "SubjectConfirmationData");
            confirmations.add(new Confirmation(attribute(scd, "Recipient").orElse(null),
                    instant(scd, "NotBefore"), instant(scd, "NotOnOrAfter")));
        }
        d.confirmations = List.copyOf(confirmations);

        Element conditions = child(assertion, SAML, "Conditions");
        d.notBefore = instant(conditions, "NotBefore");
        d.notOnOrAfter = instant(conditions, "NotOnOrAfter");
        List<List<String>> audiences = new ArrayList<>();
        for (Element restriction : children(conditions, SAML, "AudienceRestriction")) {
            List<String> values = new ArrayList<>(1);
            for (Element audience : children(restriction, SAML, "Audience")) {
                trimmedText(audience).ifPresent(values::add);
            }
            audiences.add(List.copyOf(values));
        }
        d.audiences = List.copyOf(audiences);

        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Element statement : children(assertion, SAML, "AttributeStatement")) {
            for (Element attribute : children(statement, SAML, "Attribute")) {
                String name = attribute.getAttributeNS(null, "Name");
                List<String> values = attributes.computeIfAbsent(name, k -> new ArrayList<>());
                for (Element value : children(attribute, SAML, "AttributeValue")) {
                    values.add(SecureXml.text(value));
                }
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        attributes.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        d.attributes = Collections.unmodifiableMap(frozen);

        Set<AwsRole> roles = new LinkedHashSet<>();
        List<SamlError> roleErrors = new ArrayList<>();
        for (String value : frozen.getOrDefault(SamlResponse.ROLE_ATTRIBUTE, List.of())) {
            try {
                roles.add(AwsRole.parse(value));
            } catch (SamlValidationException e) {
                roleErrors.addAll(e.errors());
            }
        }
        d.roles = List.copyOf(roles);
        d.roleErrors = List.copyOf(roleErrors);

        Map<String, String> tags = new LinkedHashMap<>();
        frozen.forEach((name, values) -> {
            if (name.startsWith(SamlResponse.PRINCIPAL_TAG_ATTRIBUTE_PREFIX) && !values.isEmpty()) {
                tags.putIfAbsent(name.substring(SamlResponse.PRINCIPAL_TAG_ATTRIBUTE_PREFIX.length()), values.get(0).strip());
            }
        });
        d.principalTags = Collections.unmodifiableMap(tags);
    }

    private static Instant instant(Element element, String name) {
        Optional<String> value = attribute(element, name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return SecureXml.dateTime(value.get());
        } catch (DateTimeParseException e) {
            throw malformed("expected an xs:dateTime in " + element.getLocalName() + "/@" + name + ", found '" + value.get() + "'");
        }
    }

    private static SamlValidationException malformed(String message) {
        return SamlValidationException.of(SamlErrorCodes.MALFORMED_RESPONSE, message);
    }
}
