package org.adfssaml.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import org.adfssaml.core.OpenSamlBootstrap;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.testkit.TestIdp;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Document;

/**
 * Parse + validate of a signed five-role response (the testkit's {@link TestIdp}, RSA-SHA256 signature on the
 * assertion as AD FS does) by core's {@link SamlValidator}, against the floor: bare OpenSAML unmarshalling of the
 * same bytes plus {@link SignatureValidator#validate}. Both decode the same base64 text and use the same (secure)
 * parser pool; the floor checks nothing else (no structure, wrapping, time, audience, algorithm or role checks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SamlValidationBenchmark {

    /** Years away from the wall clock, so the fixed clock is what makes the response valid. */
    static final Instant NOW = Instant.parse("2031-03-14T09:26:53Z");

    private String base64;
    private SamlValidator validator;
    private X509Certificate certificate;
    private ParserPool parserPool;

    /** Mints the response once and checks that both paths accept it. */
    @Setup
    public void setUp() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        TestIdp idp = TestIdp.generate();
        base64 = idp.response().clock(clock)
                .role("111122223333", "AWS-Admin", "ADFS")
                .role("111122223333", "AWS-Developer", "ADFS")
                .role("444455556666", "AWS-ReadOnly", "ADFS")
                .role("777788889999", "AWS-Billing", "ADFS")
                .role("123456789012", "team/AWS-Ops", "ADFS")
                .roleSessionName("alice@example.test")
                .base64();
        certificate = idp.certificate();
        validator = SamlValidator.builder().trustedCertificates(List.of(certificate)).clock(clock).build();
        OpenSamlBootstrap.initialize();
        parserPool = XMLObjectProviderRegistrySupport.getParserPool();
        if (adfsSamlParseAndValidate().roles().size() != 5 || !openSamlUnmarshalAndVerifySignature()) {
            throw new IllegalStateException("the benchmark response is not valid; the measurement would be meaningless");
        }
    }

    /** core: strict base64 decode, secure parse, structure, signature, time, audience, destination, roles. */
    @Benchmark
    public SamlResponse adfsSamlParseAndValidate() {
        return validator.validate(base64);
    }

    /** core: decode + parse + extraction only ({@code SamlResponse.parse}), no validation. */
    @Benchmark
    public SamlResponse adfsSamlParseOnly() {
        return SamlResponse.parse(base64);
    }

    /** The floor: base64 decode, parser-pool parse, OpenSAML unmarshal, XML Signature check of the assertion. */
    @Benchmark
    public boolean openSamlUnmarshalAndVerifySignature() throws Exception {
        byte[] xml = Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
        Document document = parserPool.parse(new ByteArrayInputStream(xml));
        Response response = (Response) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
                .getUnmarshaller(document.getDocumentElement()).unmarshall(document.getDocumentElement());
        Assertion assertion = response.getAssertions().get(0);
        SignatureValidator.validate(assertion.getSignature(), new BasicX509Credential(certificate));
        return true;
    }
}
