package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The emulator's wire format, seen through the JDK's HTTP client and compared with real STS
 * answers from the fixtures ({@code -Dadfs.fixtures}; those comparisons are skipped without them).
 */
class StsEmulatorWireFormatTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/ADFS";

    private static TestIdp idp;
    private StsEmulator sts;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void idp() {
        idp = TestIdp.generate();
    }

    @BeforeEach
    void start() {
        sts = StsEmulator.builder().trust(idp).build().start();
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    private record Answer(int status, Document xml, String body) {
        String text(String localName) {
            return xml.getElementsByTagNameNS("*", localName).item(0).getTextContent();
        }
    }

    private Answer post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(sts.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).contains("text/xml");
        return new Answer(response.statusCode(), parse(response.body().getBytes(StandardCharsets.UTF_8)), response.body());
    }

    private static Map<String, String> assumeRole(String saml) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRoleWithSAML");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", ROLE);
        form.put("PrincipalArn", PROVIDER);
        form.put("SAMLAssertion", saml);
        return form;
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** Every element as a path of local names, e.g. {@code AssumeRoleWithSAMLResponse/.../AccessKeyId}. */
    private static Set<String> paths(Document doc) {
        Set<String> paths = new TreeSet<>();
        collect(doc.getDocumentElement(), "", paths);
        return paths;
    }

    private static void collect(Element element, String prefix, Set<String> paths) {
        String path = prefix + element.getLocalName();
        paths.add(path);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collect(e, path + "/", paths);
            }
        }
    }

    private static Path fixture(String name) {
        String root = System.getProperty("adfs.fixtures");
        Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root, "aws-sts")),
                "fixtures not available: set -Dadfs.fixtures=/path/to/shared/fixtures");
        return Path.of(root, "aws-sts", name);
    }

    @Test
    void assumeRoleWithSamlWhenSourceIdentityAndTagsThenSameElementsAsAwsSampleResponse() throws Exception {
        Document sample = parse(Files.readAllBytes(fixture("AssumeRoleWithSAML_sample_response__aws-sts-api-reference.xml")));
        String saml = idp.response().role("123456789012", "AWS-Dev", "ADFS").sourceIdentity("alice")
                .principalTag("Team", "Platform").base64();

        Answer answer = post(assumeRole(saml));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.xml().getDocumentElement().getNamespaceURI())
                .isEqualTo(sample.getDocumentElement().getNamespaceURI());
        assertThat(paths(answer.xml())).isEqualTo(paths(sample));
    }

    @Test
    void assumeRoleWithSamlWhenNoOptionalFieldsThenSameElementsAsCapturedOktaResponse() throws Exception {
        Document captured = parse(Files.readAllBytes(fixture("AssumeRoleWithSAML_success__creds-fetcher.xml")));

        Answer answer = post(assumeRole(idp.response().role("123456789012", "AWS-Dev", "ADFS").base64()));

        assertThat(paths(answer.xml())).isEqualTo(paths(captured));
        assertThat(answer.text("Expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void assumeRoleWithSamlWhenAssertionStaleThenSameErrorAsRealSts() throws Exception {
        Document real = parse(Files.readString(fixture("AssumeRoleWithSAML_error_ExpiredTokenException__creds-fetcher.xml"))
                .strip().getBytes(StandardCharsets.UTF_8));
        String saml = idp.response().role("123456789012", "AWS-Dev", "ADFS").base64();
        sts.setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)));

        Answer answer = post(assumeRole(saml));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(paths(answer.xml())).isEqualTo(paths(real));
        for (String field : new String[] {"Type", "Code", "Message"}) {
            assertThat(answer.text(field)).isEqualTo(
                    real.getElementsByTagNameNS("*", field).item(0).getTextContent());
        }
    }

    @Test
    void assumeRoleWithSamlWhenParametersMissingThenValidationErrorListingEach() throws Exception {
        Answer answer = post(Map.of("Action", "AssumeRoleWithSAML", "Version", "2011-06-15"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("Code")).isEqualTo("ValidationError");
        assertThat(answer.text("Message")).isEqualTo("3 validation errors detected: "
                + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'principalArn' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'sAMLAssertion' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void assumeRoleWithSamlWhenAssertionNotSamlThenInvalidIdentityTokenWithoutEchoingIt() throws Exception {
        Answer answer = post(assumeRole("bm90IFNBTUwgYXQgYWxs"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("Code")).isEqualTo("InvalidIdentityToken");
        assertThat(answer.body()).doesNotContain("bm90IFNBTUwgYXQgYWxs");
    }

    @Test
    void requestWhenActionUnknownThenInvalidAction() throws Exception {
        Answer answer = post(Map.of("Action", "AssumeRoleWithWebIdentity", "Version", "2011-06-15"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("Code")).isEqualTo("InvalidAction");
        assertThat(answer.text("Message"))
                .isEqualTo("Could not find operation AssumeRoleWithWebIdentity for version 2011-06-15");
        assertThat(sts.calls("AssumeRoleWithWebIdentity")).isEqualTo(1);
    }

    @Test
    void requestWhenVersionWrongThenInvalidAction() throws Exception {
        Answer answer = post(Map.of("Action", "GetCallerIdentity", "Version", "2010-01-01"));

        assertThat(answer.text("Code")).isEqualTo("InvalidAction");
        assertThat(answer.text("Message")).isEqualTo("Could not find operation GetCallerIdentity for version 2010-01-01");
    }

    @Test
    void buildWhenNothingTrustedThenRejectedWithHint() {
        assertThatThrownBy(() -> StsEmulator.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trust: expected at least one trusted IdP certificate, found none "
                        + "(call trust(TestIdp) or trustedCertificate(X509Certificate))");
    }

    @Test
    void maxSessionDurationWhenAboveTwelveHoursThenRejected() {
        assertThatThrownBy(() -> StsEmulator.builder().maxSessionDuration(ROLE, Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaxSessionDuration: expected 15 minutes to 12 hours, found PT13H");
    }

    @Test
    void endpointWhenNotStartedThenExplains() {
        try (StsEmulator stopped = StsEmulator.builder().trust(idp).build()) {
            assertThatThrownBy(stopped::endpoint)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("STS emulator: expected start() before endpoint(), found it not started");
        }
    }

    @Test
    void endpointWhenStartedThenLoopbackHttp() {
        URI endpoint = sts.endpoint();

        assertThat(endpoint.getScheme()).isEqualTo("http");
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive();
    }
}
