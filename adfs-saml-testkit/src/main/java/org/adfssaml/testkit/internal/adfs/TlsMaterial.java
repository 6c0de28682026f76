package org.adfssaml.testkit.internal.adfs;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a server certificate it issued for the emulator's host names.
 *
 * <p>EC P-256 keys keep start-up fast; every JDK and HttpClient TLS stack accepts them.
 */
public final class TlsMaterial {

    private static final char[] KEY_PASSWORD = "adfs-emulator".toCharArray();

    private final X509Certificate caCertificate;
    private final X509Certificate serverCertificate;
    private final SSLContext sslContext;

    private TlsMaterial(X509Certificate caCertificate, X509Certificate serverCertificate, SSLContext sslContext) {
        this.caCertificate = caCertificate;
        this.serverCertificate = serverCertificate;
        this.sslContext = sslContext;
    }

    /**
     * Generates a CA and a server certificate valid for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the
     * given extra host names or IP literals.
     */
    public static TlsMaterial generate(Instant now, List<String> extraHosts) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Date notBefore = Date.from(now.minus(Duration.ofDays(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(3650)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            X500Name caName = new X500Name("CN=AD FS Emulator Test CA,O=adfs-saml testkit");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, new BigInteger(64, random).abs(),
                    notBefore, notAfter, caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = sign(ca, caKeys);

            Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
            hosts.addAll(extraHosts);
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                names.add(isIpLiteral(host)
                        ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, host));
            }
            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName,
                    new BigInteger(64, random).abs(), notBefore, notAfter,
                    new X500Name("CN=" + hosts.iterator().next()), serverKeys.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            server.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(caCert));
            X509Certificate serverCert = sign(server, caKeys);

            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", serverKeys.getPrivate(), KEY_PASSWORD,
                    new Certificate[] {serverCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, KEY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, random);
            return new TlsMaterial(caCert, serverCert, context);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("could not generate the AD FS emulator's TLS certificates: " + e, e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** The CA certificate clients must trust. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The server certificate (issued by {@link #caCertificate()}). */
    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** The server-side TLS context. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** A fresh PKCS12 trust store holding only the CA certificate, under alias {@code adfs-emulator-ca}. */
    public KeyStore trustStore() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("adfs-emulator-ca", caCertificate);
            return trust;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build a trust store: " + e, e);
        }
    }
}
