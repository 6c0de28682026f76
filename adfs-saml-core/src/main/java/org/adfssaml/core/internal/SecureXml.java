package org.adfssaml.core.internal;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Optional;

import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Secure DOM parsing through OpenSAML's (java-support's) {@link BasicParserPool}, plus the few
 * DOM helpers the SAML code needs.
 *
 * <p>The pool's defaults are what make it safe, and they are asserted here rather than trusted:
 * DOCTYPE declarations are refused outright ({@code disallow-doctype-decl}), so neither entity
 * expansion ("billion laughs") nor external entities can happen; XInclude is off; secure
 * processing is on. Comments are dropped by the parser and text is read by concatenating every
 * text node, so a comment inside a value cannot truncate it.
 */
public final class SecureXml {

    /** SAML 2.0 protocol namespace. */
    public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    /** SAML 2.0 assertion namespace. */
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    /** XML Signature namespace. */
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    /** SAML 2.0 metadata namespace. */
    public static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String DEFER_NODE_EXPANSION = "http://apache.org/xml/features/dom/defer-node-expansion";

    private SecureXml() {
    }

    // Holder idiom: the pool is built on first use, once, with the JVM's class-initialisation lock;
    // parsing never needs the (much heavier) OpenSAML object-provider initialisation.
    private static final class Holder {
        static final BasicParserPool POOL = build();

        private static BasicParserPool build() {
            BasicParserPool pool = new BasicParserPool();
            pool.setMaxPoolSize(16);
            // Every parsed response is walked in full (extraction, structure checks, OpenSAML unmarshalling), so
            // Xerces' deferred DOM, which builds each node on first access from a compact table, only adds work.
            Map<String, Boolean> features = new HashMap<>(pool.getBuilderFeatures());
            features.put(DEFER_NODE_EXPANSION, Boolean.FALSE);
            pool.setBuilderFeatures(features);
            if (!Boolean.TRUE.equals(pool.getBuilderFeatures().get(DISALLOW_DOCTYPE))) {
                throw new IllegalStateException("OpenSAML parser pool does not refuse DOCTYPE declarations");
            }
            if (pool.isExpandEntityReferences() || pool.isXincludeAware()) {
                throw new IllegalStateException("OpenSAML parser pool expands entities or XIncludes");
            }
            try {
                pool.initialize();
            } catch (ComponentInitializationException e) {
                throw new IllegalStateException("cannot initialise the XML parser pool", e);
            }
            return pool;
        }
    }

    /**
     * The shared secure parser pool.
     *
     * @return the pool
     */
    public static ParserPool parserPool() {
        return Holder.POOL;
    }

    /**
     * Parses bytes into a DOM with the secure pool.
     *
     * @param xml the document
     * @return the document
     * @throws XMLParserException when not well-formed or when it has a DOCTYPE
     */
    public static Document parse(byte[] xml) throws XMLParserException {
        return Holder.POOL.parse(new ByteArrayInputStream(xml));
    }

    /**
     * Whether an element has this namespace and local name.
     *
     * @param node      the node
     * @param namespace the namespace URI
     * @param localName the local name
     * @return true when it matches
     */
    public static boolean is(Node node, String namespace, String localName) {
        return node != null && node.getNodeType() == Node.ELEMENT_NODE
                && namespace.equals(node.getNamespaceURI()) && localName.equals(node.getLocalName());
    }

    /**
     * The direct element children with this name.
     *
     * @param parent    the parent, may be null
     * @param namespace the namespace URI
     * @param localName the local name
     * @return the children in document order
     */
    public static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (is(n, namespace, localName)) {
                result.add((Element) n);
            }
        }
        return result;
    }

    /**
     * The first direct element child with this name.
     *
     * @param parent    the parent, may be null
     * @param namespace the namespace URI
     * @param localName the local name
     * @return the child or null
     */
    public static Element child(Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (is(n, namespace, localName)) {
                return (Element) n;
            }
        }
        return null;
    }

    /**
     * Every element with this name anywhere under (and including) the root.
     *
     * @param root      the root
     * @param namespace the namespace URI
     * @param localName the local name
     * @return the elements in document order
     */
    public static List<Element> descendants(Element root, String namespace, String localName) {
        List<Element> result = new ArrayList<>();
        forEachElement(root, e -> {
            if (is(e, namespace, localName)) {
                result.add(e);
            }
        });
        return result;
    }

    /**
     * Visits the root and every element below it, in document order.
     *
     * @param root    the root
     * @param visitor called once per element
     */
    public static void forEachElement(Element root, Consumer<Element> visitor) {
        // Iterative walk: a hostile document may nest deeply enough to overflow a recursive one.
        Node n = root;
        while (n != null) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                visitor.accept((Element) n);
            }
            if (n.getFirstChild() != null) {
                n = n.getFirstChild();
                continue;
            }
            while (n != null && n != root && n.getNextSibling() == null) {
                n = n.getParentNode();
            }
            n = n == null || n == root ? null : n.getNextSibling();
        }
    }

    /**
     * The text of an element: every text and CDATA node below it concatenated, comments and
     * processing instructions ignored. This is exactly the text exclusive canonicalisation
     * (without comments) signs, so an XML comment injected into a signed value cannot cut the
     * value short (the crewjam/saml "injected comment" and CVE-2017-11427 family).
     *
     * @param element the element, may be null
     * @return the text, or null when the element is null
     */
    public static String text(Element element) {
        return element == null ? null : element.getTextContent();
    }

    /**
     * The text of an element, trimmed, empty as absent.
     *
     * @param element the element, may be null
     * @return the trimmed text
     */
    public static Optional<String> trimmedText(Element element) {
        String t = text(element);
        return t == null || t.isBlank() ? Optional.empty() : Optional.of(t.strip());
    }

    /**
     * An attribute value, absent when missing or empty.
     *
     * @param element the element, may be null
     * @param name    the attribute's (unqualified) name
     * @return the value
     */
    public static Optional<String> attribute(Element element, String name) {
        if (element == null || !element.hasAttributeNS(null, name)) {
            return Optional.empty();
        }
        String v = element.getAttributeNS(null, name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * Parses an {@code xs:dateTime}; values without a zone are taken as UTC, as SAML requires.
     *
     * @param value the value
     * @return the instant
     * @throws DateTimeParseException when it is not an xs:dateTime
     */
    public static Instant dateTime(String value) {
        String v = value.strip();
        Instant utc = utcDateTime(v);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        }
    }

    /**
     * The form AD FS writes, {@code 2031-03-14T09:26:53.123Z} (fraction optional, 1 to 9 digits), read without a
     * {@code DateTimeFormatter}: a response carries half a dozen of these and the general parser costs several times
     * more. Returns null for anything else, including out-of-range fields, so that every other value, and every error,
     * comes from the general parser exactly as before.
     */
    private static Instant utcDateTime(String v) {
        int n = v.length();
        if (n < 20 || n > 30 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T' || v.charAt(13) != ':'
                || v.charAt(16) != ':' || v.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 7);
        int day = digits(v, 8, 10);
        int hour = digits(v, 11, 13);
        int minute = digits(v, 14, 16);
        int second = digits(v, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (v.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fraction = digits(v, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. 31 April: the general parser reports it
        }
    }

    /** The decimal value of chars [from, to), or -1 when one of them is not an ASCII digit. */
    private static int digits(String v, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * A short description of where an element sits, for messages: {@code /Response/Extensions/Assertion}.
     *
     * @param element the element
     * @return the path of local names
     */
    public static String path(Element element) {
        StringBuilder sb = new StringBuilder();
        for (Node n = element; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            sb.insert(0, "/" + n.getLocalName());
        }
        return sb.toString();
    }
}
