package org.adfssaml.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;

/**
 * One emulated AD FS (TLS, its CA written to a PEM file the CLI gets as {@code --ca-bundle}) and one STS emulator
 * trusting its token-signing certificate, with the users the CLI tests sign in as.
 */
final class Emulators implements AutoCloseable {

    static final String ALICE = "EXAMPLE\\alice";
    static final String ALICE_PASSWORD = "alice-Passw0rd";
    static final String BOB = "bob@example.test";
    static final String BOB_PASSWORD = "bob-Passw0rd";
    static final String CAROL = "EXAMPLE\\carol";
    static final String CAROL_PASSWORD = "carol-Passw0rd";
    static final String CAROL_CODE = "246810";
    static final String DAVE_LOCKED = "EXAMPLE\\dave";

    static final String DEV = "arn:aws:iam::111122223333:role/AWS-Developer";
    static final String ADMIN = "arn:aws:iam::111122223333:role/AWS-Admin";
    static final String READONLY = "arn:aws:iam::444455556666:role/AWS-ReadOnly";

    final TestIdp idp;
    final AdfsEmulator adfs;
    final StsEmulator sts;
    final Path caBundle;
    final Path trustCert;

    private Emulators(TestIdp idp, AdfsEmulator adfs, StsEmulator sts, Path caBundle, Path trustCert) {
        this.idp = idp;
        this.adfs = adfs;
        this.sts = sts;
        this.caBundle = caBundle;
        this.trustCert = trustCert;
    }

    static Emulators start(Path dir) {
        return start(dir, null);
    }

    /** @param stsTrusts the IdP STS trusts; {@code null} for the AD FS emulator's own (another one makes STS refuse) */
    static Emulators start(Path dir, TestIdp stsTrusts) {
        TestIdp idp = TestIdp.generate();
        AdfsEmulator adfs = AdfsEmulator.builder().idp(idp)
                .user(AdfsUser.builder(ALICE).password(ALICE_PASSWORD).roles(role(DEV), role(ADMIN), role(READONLY)).build(),
                        AdfsUser.builder(BOB).password(BOB_PASSWORD).roles(role(DEV)).build(),
                        AdfsUser.builder(CAROL).password(CAROL_PASSWORD).roles(role(READONLY))
                                .mfa(MfaKind.AZURE_MFA_CODE, CAROL_CODE).build(),
                        AdfsUser.builder(DAVE_LOCKED).password("dave-Passw0rd").roles(role(DEV)).locked().build())
                .build().start();
        StsEmulator sts = StsEmulator.builder().trust(stsTrusts != null ? stsTrusts : idp).build().start();
        try {
            Path ca = Files.writeString(dir.resolve("adfs-ca.pem"), adfs.caCertificatePem());
            Path signing = Files.writeString(dir.resolve("adfs-signing.pem"), idp.certificatePem());
            return new Emulators(idp, adfs, sts, ca, signing);
        } catch (IOException e) {
            adfs.close();
            sts.close();
            throw new UncheckedIOException(e);
        }
    }

    static String role(String roleArn) {
        String account = roleArn.split(":")[4];
        return roleArn + ",arn:aws:iam::" + account + ":saml-provider/ADFS";
    }

    /** The sign-in options that point the CLI at the AD FS emulator, followed by {@code more}. */
    List<String> signInArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("--idp-url", adfs.signOnUrl().toString(),
                "--ca-bundle", caBundle.toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** The options that point the CLI at these emulators, followed by {@code more}. */
    List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("--idp-url", adfs.signOnUrl().toString(),
                "--ca-bundle", caBundle.toString(), "--sts-endpoint", sts.endpoint().toString(), "--region", "us-east-1"));
        args.addAll(List.of(more));
        return args;
    }

    @Override
    public void close() {
        adfs.close();
        sts.close();
    }
}
