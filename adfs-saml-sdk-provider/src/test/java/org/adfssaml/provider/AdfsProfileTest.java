package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

class AdfsProfileTest {

    @TempDir
    Path directory;

    private Path config(String text) throws IOException {
        Path file = directory.resolve("config");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void loadWhenEveryKeySetThenEveryValueIsRead() throws IOException {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "not parsed here");
        Path metadata = Files.writeString(directory.resolve("FederationMetadata.xml"), "<x/>");
        Path file = config("[default]\nregion = us-east-1\n\n"
                           + "[profile saml]\n"
                           + "adfs_idp_url = https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices\n"
                           + "adfs_auth = Kerberos\n"
                           + "adfs_username = EXAMPLE\\alice\n"
                           + "adfs_role_arn = arn:aws:iam::123456789012:role/AWS-Dev\n"
                           + "adfs_session_duration = 7200\n"
                           + "adfs_ca_bundle = " + ca + "\n"
                           + "adfs_trust_metadata = " + metadata + "\n"
                           + "adfs_sts_endpoint = https://sts.eu-west-1.amazonaws.com\n"
                           + "region = eu-west-1\n");

        AdfsProfile profile = AdfsProfile.load(file, "saml");

        assertThat(profile.profileName()).isEqualTo("saml");
        assertThat(profile.file()).isEqualTo(file);
        assertThat(profile.idpUrl()).isEqualTo(URI.create(
            "https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices"));
        assertThat(profile.authMethod()).isEqualTo(AuthMethod.KERBEROS);
        assertThat(profile.username()).contains("EXAMPLE\\alice");
        assertThat(profile.roleArn()).contains("arn:aws:iam::123456789012:role/AWS-Dev");
        assertThat(profile.sessionDuration()).contains(Duration.ofHours(2));
        assertThat(profile.caBundle()).contains(ca);
        assertThat(profile.trustMetadata()).contains(metadata);
        assertThat(profile.stsEndpoint()).contains(URI.create("https://sts.eu-west-1.amazonaws.com"));
        assertThat(profile.region()).contains(Region.EU_WEST_1);
    }

    @Test
    void loadWhenOnlyIdpUrlThenDefaults() throws IOException {
        AdfsProfile profile = AdfsProfile.load(config("[profile min]\nadfs_idp_url = https://adfs.example.com\n"), "min");

        assertThat(profile.authMethod()).isEqualTo(AuthMethod.FORMS);
        assertThat(profile.username()).isEmpty();
        assertThat(profile.roleArn()).isEmpty();
        assertThat(profile.sessionDuration()).isEmpty();
        assertThat(profile.region()).isEmpty();
        assertThat(profile.stsEndpoint()).isEmpty();
    }

    @Test
    void loadWhenDefaultProfileThenReadsDefaultSection() throws IOException {
        AdfsProfile profile = AdfsProfile.load(config("[default]\nadfs_idp_url = https://adfs.example.com\n"
                                                      + "adfs_session_duration = PT1H\n"), "default");

        assertThat(profile.sessionDuration()).contains(Duration.ofHours(1));
    }

    @Test
    void loadWhenIdpUrlMissingThenErrorNamesFileProfileAndKey() throws IOException {
        Path file = config("[profile saml]\nadfs_username = alice\n");

        assertThatThrownBy(() -> AdfsProfile.load(file, "saml"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("AWS config file " + file + ", profile 'saml', key adfs_idp_url: expected the AD FS sign-on URL, e.g. "
                        + "https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx, found no such key");
    }

    @Test
    void loadWhenProfileMissingThenErrorListsProfilesFound() throws IOException {
        Path file = config("[profile other]\nadfs_idp_url = https://adfs.example.com\n");

        assertThatThrownBy(() -> AdfsProfile.load(file, "saml"))
            .hasMessage("AWS config file " + file + " has no profile 'saml': expected a [profile saml] section; found "
                        + "profiles [other]");
    }

    @Test
    void loadWhenFileMissingThenErrorNamesFileAndVariable() {
        Path file = directory.resolve("missing");

        assertThatThrownBy(() -> AdfsProfile.load(file, "saml"))
            .hasMessage("AWS config file " + file + " not found: expected it to hold profile 'saml' (set AWS_CONFIG_FILE "
                        + "to use another file)");
    }

    @Test
    void loadWhenValuesMalformedThenEachErrorNamesKeyExpectedAndFound() throws IOException {
        String base = "[profile p]\nadfs_idp_url = https://adfs.example.com\n";
        assertThatThrownBy(() -> AdfsProfile.load(config(base + "adfs_session_duration = 12h\n"), "p"))
            .hasMessageEndingWith("profile 'p', key adfs_session_duration: expected seconds between 900 and 43200 (or "
                                  + "ISO-8601 such as PT1H), found '12h'");
        assertThatThrownBy(() -> AdfsProfile.load(config(base + "adfs_session_duration = 60\n"), "p"))
            .hasMessageEndingWith("key adfs_session_duration: expected seconds between 900 and 43200 (or ISO-8601 such as "
                                  + "PT1H), found 60 seconds");
        assertThatThrownBy(() -> AdfsProfile.load(config(base + "adfs_auth = saml\n"), "p"))
            .hasMessageEndingWith("key adfs_auth: expected forms, kerberos or ntlm, found 'saml'");
        assertThatThrownBy(() -> AdfsProfile.load(config(base + "adfs_role_arn = AWS-Dev\n"), "p"))
            .hasMessageEndingWith("key adfs_role_arn: expected a role ARN such as arn:aws:iam::123456789012:role/AWS-Dev, "
                                  + "found 'AWS-Dev'");
        assertThatThrownBy(() -> AdfsProfile.load(config(base + "adfs_ca_bundle = /nonexistent/ca.pem\n"), "p"))
            .hasMessageEndingWith("key adfs_ca_bundle: expected an existing file, found '/nonexistent/ca.pem', which does not "
                                  + "exist or is not a file");
        assertThatThrownBy(() -> AdfsProfile.load(config(base + "region = EU West\n"), "p"))
            .hasMessageEndingWith("key region: expected a region name such as eu-west-1, found 'EU West'");
        assertThatThrownBy(() -> AdfsProfile.load(config("[profile p]\nadfs_idp_url = adfs.example.com/adfs\n"), "p"))
            .hasMessageEndingWith("key adfs_idp_url: expected an absolute https URL, found 'adfs.example.com/adfs'");
    }

    @Test
    void builderProfileWhenAppliedThenProviderUsesItsSettings() throws IOException {
        AdfsProfile profile = AdfsProfile.load(config("[profile saml]\n"
                                                      + "adfs_idp_url = https://adfs.example.com\n"
                                                      + "adfs_username = EXAMPLE\\alice\n"
                                                      + "adfs_session_duration = 7200\n"
                                                      + "adfs_sts_endpoint = https://sts.example.test\n"
                                                      + "region = eu-west-1\n"), "saml");

        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder().profile(profile).build()) {
            assertThat(provider.toString()).contains("signIn=AdfsSignIn[entryUrl=https://adfs.example.com/adfs/ls/"
                                                     + "IdpInitiatedSignOn.aspx, authMethod=FORMS, username=EXAMPLE\\alice]",
                                                     "region=eu-west-1", "stsEndpoint=https://sts.example.test",
                                                     "duration=PT2H");
            assertThat(provider.stsTarget("aws").endpoint()).isEqualTo(URI.create("https://sts.example.test"));
        }
    }

    @Test
    void createWhenConfigFileSystemPropertyPointsAtFileThenProfileIsRead() throws IOException {
        Path file = config("[profile saml]\nadfs_idp_url = https://adfs.example.com\nadfs_auth = kerberos\n"
                           + "region = cn-north-1\n");
        String previous = System.getProperty("aws.configFile");
        System.setProperty("aws.configFile", file.toString());
        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.create("saml")) {
            assertThat(provider.toString()).contains("region=cn-north-1");
            assertThat(provider.stsTarget("aws-cn").region()).isEqualTo(Region.CN_NORTH_1);
        } finally {
            if (previous == null) {
                System.clearProperty("aws.configFile");
            } else {
                System.setProperty("aws.configFile", previous);
            }
        }
    }

    @Test
    void builderProfileWhenFormsWithoutUsernameThenErrorNamesTheKey() throws IOException {
        Path file = config("[profile p]\nadfs_idp_url = https://adfs.example.com\n");
        AdfsProfile profile = AdfsProfile.load(file, "p");

        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().profile(profile))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("AWS config file " + file + ", profile 'p', key adfs_username: expected the user name for forms "
                        + "sign-in, e.g. EXAMPLE\\alice or alice@example.com, found no such key");
    }

    @Test
    void toStringWhenLoadedThenNamesProfileAndFile() throws IOException {
        Path file = config("[profile p]\nadfs_idp_url = https://adfs.example.com\n");

        assertThat(AdfsProfile.load(file, "p"))
            .hasToString("AdfsProfile(p in " + file + ": idpUrl=https://adfs.example.com, auth=FORMS)");
    }
}
