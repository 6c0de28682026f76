package org.adfssaml.testkit.internal.sts;

/** Writes STS Query-protocol XML documents (namespace {@value #NS}). */
public final class StsXml {

    /** The STS API namespace of API version 2011-06-15. */
    public static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final StringBuilder out = new StringBuilder(1024);

    private StsXml(String root) {
        out.append('<').append(root).append(" xmlns=\"").append(NS).append("\">");
    }

    /**
     * Starts a document.
     *
     * @param root the root element name
     * @return the writer
     */
    public static StsXml document(String root) {
        return new StsXml(root);
    }

    /**
     * Opens an element.
     *
     * @param name the element name
     * @return this writer
     */
    public StsXml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    /**
     * Closes an element.
     *
     * @param name the element name
     * @return this writer
     */
    public StsXml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /**
     * Writes a text-only element; {@code null} writes nothing.
     *
     * @param name the element name
     * @param text the text, escaped here
     * @return this writer
     */
    public StsXml element(String name, Object text) {
        if (text != null) {
            open(name);
            escape(text.toString());
            close(name);
        }
        return this;
    }

    /**
     * Closes the root element and returns the document.
     *
     * @param root the root element name
     * @return the XML text
     */
    public String end(String root) {
        close(root);
        return out.toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
    }

    /**
     * An STS {@code ErrorResponse} document.
     *
     * @param type {@code Sender} or {@code Receiver}
     * @param code the error code
     * @param message the message
     * @param requestId the request ID
     * @return the XML text
     */
    public static String error(String type, String code, String message, String requestId) {
        return document("ErrorResponse")
                .open("Error").element("Type", type).element("Code", code).element("Message", message).close("Error")
                .element("RequestId", requestId)
                .end("ErrorResponse");
    }
}
