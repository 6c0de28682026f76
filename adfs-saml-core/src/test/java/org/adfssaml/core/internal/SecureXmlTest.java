package org.adfssaml.core.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecureXmlTest {

    @org.junit.jupiter.api.Test
    void parseWhenWellFormedThenFullyBuiltDomNotXercesDeferredOne() throws Exception {
        org.w3c.dom.Document document = SecureXml.parse("<a xmlns=\"urn:x\"><b>text</b></a>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(document.getClass().getName()).doesNotContain("Deferred");
        assertThat(document.getDocumentElement().getFirstChild().getTextContent()).isEqualTo("text");
        assertThat(SecureXml.parserPool().newDocument().getClass().getName()).doesNotContain("Deferred");
    }

    @org.junit.jupiter.api.Test
    void parseWhenDoctypeThenRefusedAsBefore() {
        assertThatThrownBy(() -> SecureXml.parse("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(net.shibboleth.utilities.java.support.xml.XMLParserException.class)
                .hasStackTraceContaining("DOCTYPE is disallowed");
    }

    /** What dateTime did before it read the usual UTC form itself: the general ISO parsers. */
    private static String general(String value) {
        String v = value.strip();
        try {
            try {
                return OffsetDateTime.parse(v).toInstant().toString();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toString();
            }
        } catch (DateTimeParseException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String fast(String value) {
        try {
            return SecureXml.dateTime(value).toString();
        } catch (DateTimeParseException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2031-03-14T09:26:53Z", "2031-03-14T09:26:53.1Z", "2031-03-14T09:26:53.123Z", " 2031-03-14T09:26:53.123456789Z\n",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z", "2031-03-14T09:26:53.000Z",
        "2031-03-14t09:26:53z", "2031-03-14T09:26:53+01:00", "2031-03-14T09:26:53.5-02:30", "2031-03-14T09:26:53",
        "+12031-03-14T09:26:53Z", "2031-03-14T09:26Z", "2031-03-14T09:26:53.Z"})
    void dateTimeWhenValidThenSameInstantAsTheIsoParsers(String value) {
        assertThat(fast(value)).isEqualTo(general(value)).doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2031-02-29T09:26:53Z", "2031-04-31T09:26:53Z", "2031-13-14T09:26:53Z", "2031-03-14T24:00:00Z",
        "2031-03-14T09:60:53Z", "2031-03-14T09:26:60Z", "2031-03-14T09:26:53.1234567890Z",
        "2031-03-14T09:26:5xZ", "2031-03-14 09:26:53Z", "20310314T092653Z", "2031-03-14T09:26:53,5Z", "2031-0a-14T09:26:53Z",
        "yesterday", "", "2031-03-14T09:26:53ZZ", "2031-03-14T09:26:53.12a4Z"})
    void dateTimeWhenInvalidThenSameParseErrorAsTheIsoParsers(String value) {
        assertThat(fast(value)).isEqualTo(general(value)).startsWith("DateTimeParseException: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2031-02-30T00:00:00Z", "2031-03-14T24:00:00Z"})
    void dateTimeWhenFieldOutOfRangeThenDateTimeParseException(String value) {
        assertThatThrownBy(() -> SecureXml.dateTime(value)).isInstanceOf(DateTimeParseException.class)
                .hasMessageStartingWith("Text '" + value + "' could not be parsed");
    }
}
