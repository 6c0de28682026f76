package org.adfssaml.core;

import java.util.List;

import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.adfssaml.core.internal.InputDecoder;
import org.adfssaml.core.internal.SecureXml;
import org.w3c.dom.Document;

/**
 * Decodes and parses SAML responses without verifying them. Thread-safe and immutable.
 *
 * <p>Input is either base64 (as posted by the AD FS form; whitespace and line breaks are
 * tolerated, any other non-alphabet character is an error) or the XML itself (recognised by its
 * leading {@code <}). The size limit is checked on the encoded length before anything is
 * decoded, so an oversized input is refused without being decoded or parsed. XML is parsed by
 * OpenSAML's secure parser pool: DOCTYPE declarations are refused, so no entity is ever expanded
 * and no external entity is ever fetched.
 *
 * <pre>{@code
 * SamlResponseParser parser = SamlResponseParser.builder().maxDecodedBytes(256 * 1024).build();
 * SamlResponse response = parser.parse(samlResponseFormValue);
 * }</pre>
 */
public final class SamlResponseParser {

    /** The default size limit of the decoded XML: 1 MiB, generous for AD FS responses (typically 5-20 KiB). */
    public static final int DEFAULT_MAX_DECODED_BYTES = 1024 * 1024;

    private static final SamlResponseParser DEFAULT = builder().build();

    private final int maxDecodedBytes;

    private SamlResponseParser(Builder builder) {
        if (builder.maxDecodedBytes < 1) {
            throw new IllegalArgumentException("maxDecodedBytes must be positive, found " + builder.maxDecodedBytes);
        }
        this.maxDecodedBytes = builder.maxDecodedBytes;
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The parser with default settings.
     *
     * @return the shared default parser
     */
    public static SamlResponseParser defaults() {
        return DEFAULT;
    }

    /**
     * A builder initialised with this parser's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().maxDecodedBytes(maxDecodedBytes);
    }

    /**
     * The size limit of the decoded XML.
     *
     * @return bytes
     */
    public int maxDecodedBytes() {
        return maxDecodedBytes;
    }

    /**
     * Decodes and parses a response.
     *
     * @param base64OrXml the response, base64 or XML
     * @return the parsed view (not validated)
     * @throws SamlValidationException {@code oversized_input}, or {@code malformed_response} when
     *                                 it is not base64, not well-formed XML, has a DOCTYPE, or is
     *                                 not a SAML 2.0 Response
     */
    public SamlResponse parse(String base64OrXml) {
        return parseXml(InputDecoder.decode(base64OrXml, maxDecodedBytes));
    }

    /**
     * Decodes and parses a response.
     *
     * @param base64OrXml the response, base64 or XML bytes
     * @return the parsed view (not validated)
     * @throws SamlValidationException as {@link #parse(String)}
     */
    public SamlResponse parse(byte[] base64OrXml) {
        return parseXml(InputDecoder.decode(base64OrXml, maxDecodedBytes));
    }

    /**
     * Decodes and parses, and keeps the DOM and the extracted values for {@link SamlValidator#validate(String)},
     * which checks that same tree instead of parsing the bytes a second time.
     */
    Parsed parseKeepingDocument(String base64OrXml) {
        byte[] xml = InputDecoder.decode(base64OrXml, maxDecodedBytes);
        Document document = parseDocument(xml);
        ResponseReader.Data data = ResponseReader.extract(document);
        return new Parsed(new SamlResponse(xml, data), document, data);
    }

    /** A parsed response with the tree and values it was read from; the tree is not shared any further. */
    record Parsed(SamlResponse response, Document document, ResponseReader.Data data) {
    }

    private static SamlResponse parseXml(byte[] xml) {
        return ResponseReader.read(xml, parseDocument(xml));
    }

    static Document parseDocument(byte[] xml) {
        try {
            return SecureXml.parse(xml);
        } catch (XMLParserException e) {
            throw new SamlValidationException(List.of(new SamlError(SamlErrorCodes.MALFORMED_RESPONSE,
                    "expected well-formed XML without a DOCTYPE, found: " + rootCause(e))));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** Builds a {@link SamlResponseParser}. Not thread-safe. */
    public static final class Builder {
        private int maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES;

        private Builder() {
        }

        /**
         * The size limit of the decoded XML; larger inputs fail with {@code oversized_input}.
         * Default {@value SamlResponseParser#DEFAULT_MAX_DECODED_BYTES} (1 MiB).
         *
         * @param maxDecodedBytes a positive byte count
         * @return this builder
         */
        public Builder maxDecodedBytes(int maxDecodedBytes) {
            this.maxDecodedBytes = maxDecodedBytes;
            return this;
        }

        /**
         * Builds the parser.
         *
         * @return the parser
         * @throws IllegalArgumentException if the limit is not positive
         */
        public SamlResponseParser build() {
            return new SamlResponseParser(this);
        }
    }
}
