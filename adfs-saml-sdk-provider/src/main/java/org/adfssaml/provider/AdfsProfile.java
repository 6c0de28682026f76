package org.adfssaml.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.internal.DefaultPasswordSource;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;

/**
 * The AD FS settings of one profile of the AWS config file, read through the SDK's {@link ProfileFile}:
 *
 * <pre>
 * [profile saml]
 * adfs_idp_url = https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices
 * adfs_auth = forms                 # forms (default), kerberos or ntlm
 * adfs_username = EXAMPLE\alice
 * adfs_role_arn = arn:aws:iam::123456789012:role/AWS-Dev
 * adfs_session_duration = 3600      # seconds (900..43200) or ISO-8601 (PT1H)
 * adfs_ca_bundle = ~/corp-ca.pem    # extra trust for the IdP's TLS
 * adfs_trust_metadata = ~/FederationMetadata.xml   # validate the SAML signature locally
 * adfs_sts_endpoint = https://sts.eu-west-1.amazonaws.com
 * region = eu-west-1
 * </pre>
 *
 * Only {@code adfs_idp_url} is required. Immutable.
 */
public final class AdfsProfile {

    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");

    private final Path file;
    private final String profileName;
    private final URI idpUrl;
    private final AuthMethod authMethod;
    private final String username;
    private final String roleArn;
    private final Duration sessionDuration;
    private final Path caBundle;
    private final Path trustMetadata;
    private final URI stsEndpoint;
    private final Region region;

    private AdfsProfile(Path file, String profileName, Map<String, String> properties) {
        this.file = file;
        this.profileName = profileName;
        this.idpUrl = url(properties, "adfs_idp_url", true);
        this.authMethod = authMethod(properties);
        this.username = text(properties, "adfs_username");
        this.roleArn = roleArn(properties);
        this.sessionDuration = duration(properties);
        this.caBundle = existingFile(properties, "adfs_ca_bundle");
        this.trustMetadata = existingFile(properties, "adfs_trust_metadata");
        this.stsEndpoint = url(properties, "adfs_sts_endpoint", false);
        this.region = region(properties);
    }

    /**
     * Reads a profile of the AWS config file: {@code AWS_CONFIG_FILE} when set, else {@code ~/.aws/config}.
     *
     * @param profileName the profile ({@code [profile name]} section, or {@code [default]})
     * @return the profile's AD FS settings
     * @throws IllegalArgumentException when the file or profile is missing, or a key is missing or malformed; the
     *                                  message names the file, the profile and the key
     */
    public static AdfsProfile load(String profileName) {
        return load(ProfileFileLocation.configurationFilePath(), profileName);
    }

    /**
     * Reads a profile of a given AWS config file.
     *
     * @param configFile  the config file
     * @param profileName the profile ({@code [profile name]} section, or {@code [default]})
     * @return the profile's AD FS settings
     * @throws IllegalArgumentException when the file or profile is missing, or a key is missing or malformed; the
     *                                  message names the file, the profile and the key
     */
    public static AdfsProfile load(Path configFile, String profileName) {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(profileName, "profileName");
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("AWS config file " + configFile + " not found: expected it to hold profile '"
                                               + profileName + "' (set AWS_CONFIG_FILE to use another file)");
        }
        ProfileFile profiles;
        try {
            profiles = ProfileFile.builder().content(configFile).type(ProfileFile.Type.CONFIGURATION).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("AWS config file " + configFile + " could not be read: " + e.getMessage(), e);
        }
        Optional<Profile> profile = profiles.profile(profileName);
        if (profile.isEmpty()) {
            throw new IllegalArgumentException("AWS config file " + configFile + " has no profile '" + profileName
                                               + "': expected a [profile " + profileName + "] section"
                                               + (profileName.equals("default") ? " or [default]" : "")
                                               + "; found profiles " + profiles.profiles().keySet());
        }
        return new AdfsProfile(configFile, profileName, profile.get().properties());
    }

    /** @return the config file the profile was read from */
    public Path file() {
        return file;
    }

    /** @return the profile name */
    public String profileName() {
        return profileName;
    }

    /** @return {@code adfs_idp_url}: the IdP entry URL */
    public URI idpUrl() {
        return idpUrl;
    }

    /** @return {@code adfs_auth}: the authentication method, {@link AuthMethod#FORMS} when not set */
    public AuthMethod authMethod() {
        return authMethod;
    }

    /** @return {@code adfs_username} */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return {@code adfs_role_arn}: the role to assume */
    public Optional<String> roleArn() {
        return Optional.ofNullable(roleArn);
    }

    /** @return {@code adfs_session_duration} */
    public Optional<Duration> sessionDuration() {
        return Optional.ofNullable(sessionDuration);
    }

    /** @return {@code adfs_ca_bundle}: PEM certificates trusted for the IdP's TLS in addition to the JDK's */
    public Optional<Path> caBundle() {
        return Optional.ofNullable(caBundle);
    }

    /** @return {@code adfs_trust_metadata}: federation metadata whose signing certificates the response must match */
    public Optional<Path> trustMetadata() {
        return Optional.ofNullable(trustMetadata);
    }

    /** @return {@code adfs_sts_endpoint} */
    public Optional<URI> stsEndpoint() {
        return Optional.ofNullable(stsEndpoint);
    }

    /** @return {@code region} */
    public Optional<Region> region() {
        return Optional.ofNullable(region);
    }

    /**
     * A sign-in builder with this profile's IdP URL, method, user name and CA bundle, and the default password
     * source ({@code ADFS_PASSWORD}, else a console prompt); change what you need, e.g. the password source or MFA
     * handler.
     *
     * @return the builder
     */
    public AdfsSignIn.Builder signInBuilder() {
        AdfsSignIn.Builder builder = AdfsSignIn.builder()
                                               .idpUrl(idpUrl)
                                               .authMethod(authMethod)
                                               .passwordSource(DefaultPasswordSource.forProcess(username));
        if (username != null) {
            builder.username(username);
        }
        if (caBundle != null) {
            builder.caBundle(caBundle);
        }
        return builder;
    }

    AdfsCredentialsProvider.Builder applyTo(AdfsCredentialsProvider.Builder builder) {
        if (username == null && authMethod != AuthMethod.KERBEROS) {
            throw invalid("adfs_username", "the user name for " + authMethod.name().toLowerCase(Locale.ROOT)
                                           + " sign-in, e.g. EXAMPLE\\alice or alice@example.com", "no such key");
        }
        builder.signIn(signInBuilder().build());
        if (roleArn != null) {
            builder.roleSelector(RoleSelector.byArn(roleArn));
        }
        if (sessionDuration != null) {
            builder.duration(sessionDuration);
        }
        if (stsEndpoint != null) {
            builder.stsEndpoint(stsEndpoint);
        }
        if (region != null) {
            builder.region(region);
        }
        if (trustMetadata != null) {
            builder.samlValidator(SamlValidator.builder().trustedMetadata(trustMetadata).build());
        }
        return builder;
    }

    @Override
    public String toString() {
        return "AdfsProfile(" + profileName + " in " + file + ": idpUrl=" + idpUrl + ", auth=" + authMethod
               + (username != null ? ", username=" + username : "")
               + (roleArn != null ? ", roleArn=" + roleArn : "")
               + (sessionDuration != null ? ", sessionDuration=" + sessionDuration : "")
               + (region != null ? ", region=" + region.id() : "")
               + (stsEndpoint != null ? ", stsEndpoint=" + stsEndpoint : "")
               + ")";
    }

    private IllegalArgumentException invalid(String key, String expected, String found) {
        return new IllegalArgumentException("AWS config file " + file + ", profile '" + profileName + "', key " + key
                                            + ": expected " + expected + ", found " + found);
    }

    private String text(Map<String, String> properties, String key) {
        String value = properties.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private URI url(Map<String, String> properties, String key, boolean required) {
        String value = text(properties, key);
        if (value == null) {
            if (required) {
                throw invalid(key, "the AD FS sign-on URL, e.g. https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx",
                              "no such key");
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null
                || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw invalid(key, "an absolute https URL", "'" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, "an absolute https URL", "'" + value + "' (" + e.getReason() + ")");
        }
    }

    private AuthMethod authMethod(Map<String, String> properties) {
        String value = text(properties, "adfs_auth");
        if (value == null) {
            return AuthMethod.FORMS;
        }
        try {
            return AuthMethod.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("adfs_auth", "forms, kerberos or ntlm", "'" + value + "'");
        }
    }

    private String roleArn(Map<String, String> properties) {
        String value = text(properties, "adfs_role_arn");
        if (value != null && !value.matches("arn:[a-z-]+:iam::\\d{12}:role/.+")) {
            throw invalid("adfs_role_arn", "a role ARN such as arn:aws:iam::123456789012:role/AWS-Dev", "'" + value + "'");
        }
        return value;
    }

    private Duration duration(Map<String, String> properties) {
        String value = text(properties, "adfs_session_duration");
        if (value == null) {
            return null;
        }
        Duration parsed;
        try {
            parsed = value.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(value))
                                                                : Duration.parse(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid("adfs_session_duration", "seconds between 900 and 43200 (or ISO-8601 such as PT1H)",
                          "'" + value + "'");
        }
        if (parsed.getSeconds() < 900 || parsed.getSeconds() > 43200) {
            throw invalid("adfs_session_duration", "seconds between 900 and 43200 (or ISO-8601 such as PT1H)",
                          parsed.getSeconds() + " seconds");
        }
        return parsed;
    }

    private Path existingFile(Map<String, String> properties, String key) {
        String value = text(properties, key);
        if (value == null) {
            return null;
        }
        Path path;
        try {
            path = value.equals("~") || value.startsWith("~/")
                   ? Paths.get(System.getProperty("user.home") + value.substring(1))
                   : Paths.get(value);
        } catch (InvalidPathException e) {
            throw invalid(key, "a file path", "'" + value + "' (" + e.getReason() + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw invalid(key, "an existing file", "'" + value + "', which does not exist or is not a file");
        }
        if (!Files.isReadable(path)) {
            throw invalid(key, "a readable file", "'" + value + "', which this process may not read");
        }
        return path;
    }

    private Region region(Map<String, String> properties) {
        String value = text(properties, "region");
        if (value == null) {
            return null;
        }
        if (!REGION.matcher(value).matches()) {
            throw invalid("region", "a region name such as eu-west-1", "'" + value + "'");
        }
        return Region.of(value);
    }
}
