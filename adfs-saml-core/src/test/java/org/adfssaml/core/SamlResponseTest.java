package org.adfssaml.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.adfssaml.core.TestSigning.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class SamlResponseTest {

    static TestSigning.Spec spec() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.extraAttributes = """
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>28800</saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department"><saml:AttributeValue> Finance </saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:CostCenter"><saml:AttributeValue>4711</saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys"><saml:AttributeValue>Department</saml:AttributeValue><saml:AttributeValue>CostCenter</saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SourceIdentity"><saml:AttributeValue>jdoe</saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="http://schemas.xmlsoap.org/claims/Group"><saml:AttributeValue>Domain Users</saml:AttributeValue><saml:AttributeValue>AWS-Dev</saml:AttributeValue></saml:Attribute>""";
        return spec;
    }

    @Test
    void parseWhenFullResponseThenEveryAccessorReadsIt() {
        SamlResponse r = SamlResponse.parse(TestSigning.xml(spec()));

        assertThat(r.responseId()).isEqualTo("_r1");
        assertThat(r.issuer()).contains("http://adfs.example.test/adfs/services/trust");
        assertThat(r.assertionIssuer()).contains("http://adfs.example.test/adfs/services/trust");
        assertThat(r.issueInstant()).contains(NOW);
        assertThat(r.destination()).contains("https://signin.aws.amazon.com/saml");
        assertThat(r.statusCode()).isEqualTo(SamlResponse.STATUS_SUCCESS);
        assertThat(r.statusMessage()).isEmpty();
        assertThat(r.nameId()).contains("EXAMPLE\\jdoe");
        assertThat(r.nameIdFormat()).contains("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        assertThat(r.notBefore()).contains(NOW.minusSeconds(1));
        assertThat(r.notOnOrAfter()).contains(NOW.plus(Duration.ofHours(1)));
        assertThat(r.subjectConfirmationNotOnOrAfter()).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(r.expiry()).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(r.recipient()).contains("https://signin.aws.amazon.com/saml");
        assertThat(r.audiences()).containsExactly("urn:amazon:webservices");
        assertThat(r.roleSessionName()).contains("jdoe@example.test");
        assertThat(r.sessionDuration()).contains(Duration.ofHours(8));
        assertThat(r.principalTags()).containsExactly(Map.entry("Department", "Finance"), Map.entry("CostCenter", "4711"));
        assertThat(r.transitiveTagKeys()).containsExactly("Department", "CostCenter");
        assertThat(r.sourceIdentity()).contains("jdoe");
        assertThat(r.attributes().keySet()).containsExactly(SamlResponse.ROLE_ATTRIBUTE, SamlResponse.ROLE_SESSION_NAME_ATTRIBUTE,
                SamlResponse.SESSION_DURATION_ATTRIBUTE, "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department",
                "https://aws.amazon.com/SAML/Attributes/PrincipalTag:CostCenter", SamlResponse.TRANSITIVE_TAG_KEYS_ATTRIBUTE,
                SamlResponse.SOURCE_IDENTITY_ATTRIBUTE, "http://schemas.xmlsoap.org/claims/Group");
        assertThat(r.attributes().get("http://schemas.xmlsoap.org/claims/Group")).containsExactly("Domain Users", "AWS-Dev");
    }

    @Test
    void parseWhenOptionalPartsAbsentThenEmptyNotDefaults() {
        TestSigning.Spec s = new TestSigning.Spec();
        s.withAssertion = false;
        s.status = "urn:oasis:names:tc:SAML:2.0:status:Requester";
        SamlResponse r = SamlResponse.parse(TestSigning.xml(s));

        assertThat(r.statusCode()).isEqualTo("urn:oasis:names:tc:SAML:2.0:status:Requester");
        assertThat(r.roles()).isEmpty();
        assertThat(r.roleErrors()).isEmpty();
        assertThat(r.attributes()).isEmpty();
        assertThat(r.nameId()).isEmpty();
        assertThat(r.roleSessionName()).isEmpty();
        assertThat(r.sessionDuration()).isEmpty();
        assertThat(r.expiry()).isEmpty();
        assertThat(r.audiences()).isEmpty();
        assertThat(r.principalTags()).isEmpty();
    }

    @Test
    void parseWhenSessionDurationNotANumberThenEmpty() {
        TestSigning.Spec s = new TestSigning.Spec();
        s.extraAttributes = "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SessionDuration\">"
                + "<saml:AttributeValue>eight hours</saml:AttributeValue></saml:Attribute>";

        assertThat(SamlResponse.parse(TestSigning.xml(s)).sessionDuration()).isEmpty();
    }

    @Test
    void parseWhenBase64WrappedWithLineBreaksThenSameAsUnwrapped() {
        String xml = TestSigning.xml(spec());
        String base64 = TestSigning.base64(xml);
        String wrapped = base64.replaceAll("(.{64})", "$1\r\n") + "\n";

        SamlResponse fromWrapped = SamlResponse.parse(wrapped);

        assertThat(fromWrapped.roles()).isEqualTo(SamlResponse.parse(base64).roles());
        assertThat(fromWrapped.toBase64()).isEqualTo(base64);
    }

    @Test
    void parseWhenStringOrItsUtf8BytesThenSameResponseOrSameMessage() {
        String base64 = TestSigning.base64(TestSigning.xml(spec()));
        String wrapped = base64.replaceAll("(.{64})", "$1\r\n") + "\n";
        List<String> inputs = List.of(base64, wrapped, " \t" + base64 + "\f", "\uFEFF" + base64, base64.substring(0, 40) + "\u00e9"
                + base64.substring(40), base64 + "<", base64.substring(0, 41), "\u000B" + base64, "  \r\n", "",
                Base64.getEncoder().encodeToString("hello world".getBytes(StandardCharsets.UTF_8)), TestSigning.xml(spec()),
                " " + TestSigning.xml(spec()));
        // small enough to refuse the response, large enough to decide that on the base64 length, not the string length
        SamlResponseParser small = SamlResponseParser.builder().maxDecodedBytes(2048).build();
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(() -> SamlResponse.parse(input))).as(input).isEqualTo(outcome(() -> SamlResponse.parse(bytes)));
            assertThat(outcome(() -> small.parse(input))).as(input).isEqualTo(outcome(() -> small.parse(bytes)));
        }
    }

    @Test
    void parseWhenBase64StringHasNonAsciiCharacterThenMalformedNamingItsFirstUtf8Byte() {
        String base64 = TestSigning.base64(TestSigning.xml(spec()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SamlResponse.parse(base64.substring(0, 40) + "\u00e9" + base64.substring(40)))
                .hasMessage("malformed_response: expected a base64-encoded SAML response or its XML, found input that is neither "
                        + "(Illegal base64 character -3d)");
    }

    private static String outcome(java.util.function.Supplier<SamlResponse> parse) {
        try {
            SamlResponse r = parse.get();
            return r.toBase64() + " " + r.roles() + " " + r.attributes();
        } catch (SamlValidationException e) {
            return e.getMessage();
        }
    }

    @Test
    void toBase64WhenXmlGivenThenBase64OfTheExactBytes() {
        String xml = "\uFEFF  " + TestSigning.xml(spec());
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);

        SamlResponse r = SamlResponse.parse(bytes);

        assertThat(Base64.getDecoder().decode(r.toBase64())).isEqualTo(bytes);
        assertThat(r.roles()).hasSize(2);
    }

    @Test
    void toStringWhenParsedThenNamesResponseWithoutAssertion() {
        SamlResponse r = SamlResponse.parse(TestSigning.xml(spec()));

        assertThat(r).hasToString("SamlResponse[id=_r1, issuer=http://adfs.example.test/adfs/services/trust, "
                + "status=urn:oasis:names:tc:SAML:2.0:status:Success, roles=2, expiry=2031-03-04T05:11:07Z]");
    }

    @Test
    void parseWhenWrongRootThenMalformedNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SamlResponse.parse("<a:AuthnRequest xmlns:a=\"urn:x\" ID=\"1\"/>"))
                .hasMessage("malformed_response: expected the root element samlp:Response "
                        + "{urn:oasis:names:tc:SAML:2.0:protocol}, found {urn:x}AuthnRequest");
    }

    @Test
    void parseWhenDateWithoutZoneThenUtc() {
        String xml = TestSigning.xml(new TestSigning.Spec()).replace("IssueInstant=\"" + NOW + "\"",
                "IssueInstant=\"2031-03-04T05:06:07\"");

        assertThat(SamlResponse.parse(xml).issueInstant()).contains(Instant.parse("2031-03-04T05:06:07Z"));
    }

    @Test
    void parseWhenDateInvalidThenMalformedQuotingIt() {
        String xml = TestSigning.xml(new TestSigning.Spec()).replaceFirst("IssueInstant=\"[^\"]+\"", "IssueInstant=\"yesterday\"");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SamlResponse.parse(xml))
                .hasMessage("malformed_response: expected an xs:dateTime in Response/@IssueInstant, found 'yesterday'");
    }

    @Test
    void parserWhenLimitNotPositiveThenIllegalArgument() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SamlResponseParser.builder().maxDecodedBytes(0).build())
                .hasMessage("maxDecodedBytes must be positive, found 0");
        assertThat(SamlResponseParser.builder().maxDecodedBytes(5).build().toBuilder().build().maxDecodedBytes()).isEqualTo(5);
        assertThat(SamlResponseParser.defaults().maxDecodedBytes()).isEqualTo(1024 * 1024);
        assertThat(List.of(SamlResponseParser.DEFAULT_MAX_DECODED_BYTES)).containsExactly(1048576);
    }
}
