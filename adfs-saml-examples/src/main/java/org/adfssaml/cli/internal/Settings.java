package org.adfssaml.cli.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adfssaml.provider.AuthMethod;

/**
 * What a command runs with: each command-line option, else the profile's {@code adfs_*} setting in the AWS
 * config file, else the default.
 */
record Settings(String profile, Path configFile, String idpUrl, AuthMethod auth, String username,
        String relyingParty, Path caBundle, List<Path> trustCerts, String trustMetadata, boolean noVerifySignature,
        String roleArn, Duration duration, String region, URI stsEndpoint) {

    static Path configFile(CliIo io) {
        return io.env("AWS_CONFIG_FILE").map(Path::of).orElseGet(() -> io.home().resolve(".aws").resolve("config"));
    }

    static Path credentialsFile(CliIo io, Path option) {
        if (option != null) {
            return option;
        }
        return io.env("AWS_SHARED_CREDENTIALS_FILE").map(Path::of)
                .orElseGet(() -> io.home().resolve(".aws").resolve("credentials"));
    }

    /**
     * @param signIn the sign-in options given, or {@code null} for none: the cached {@code credential-process}
     *               reads the profile alone, without loading picocli
     * @param sts    the STS options given, or {@code null} for none
     */
    static Settings resolve(CliIo io, String profile, SignInOptions signIn, StsOptions sts) throws IOException {
        Path configFile = configFile(io);
        Map<String, String> config = IniFile.read(configFile).section(IniFile.configSection(profile)).orElse(Map.of());
        String where = "profile '" + profile + "' of " + configFile;

        String authText = config.get(ProfileKeys.AUTH);
        AuthMethod authOption = signIn == null ? null : signIn.auth.value();
        AuthMethod auth = authOption != null ? authOption
                : authText == null ? AuthMethod.FORMS : parseAuth(authText, where);
        List<Path> trustCerts = new ArrayList<>(signIn == null ? List.of() : signIn.trust.trustCerts.value());
        if (trustCerts.isEmpty() && config.containsKey(ProfileKeys.TRUST_CERT)) {
            trustCerts.add(path(io, config.get(ProfileKeys.TRUST_CERT)));
        }
        Integer seconds = sts == null ? null : sts.duration.value();
        if (seconds == null && config.containsKey(ProfileKeys.DURATION)) {
            String text = config.get(ProfileKeys.DURATION).trim();
            try {
                seconds = text.startsWith("P") || text.startsWith("p") ? (int) Duration.parse(text).getSeconds()
                        : Integer.parseInt(text);
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw CliException.usage(ProfileKeys.DURATION + " in " + where + ": expected seconds (900..43200) or "
                        + "ISO-8601 such as PT1H, found '" + text + "'");
            }
        }
        if (seconds != null && (seconds < 900 || seconds > 43200)) {
            throw CliException.usage("--duration: expected 900..43200 seconds (STS's limits), found " + seconds);
        }
        URI stsEndpointOption = sts == null ? null : sts.stsEndpoint.value();
        String stsEndpoint = stsEndpointOption != null ? stsEndpointOption.toString()
                : config.get(ProfileKeys.STS_ENDPOINT);
        Path caBundle = signIn == null ? null : signIn.caBundle.value();
        if (caBundle == null && config.containsKey(ProfileKeys.CA_BUNDLE)) {
            caBundle = path(io, config.get(ProfileKeys.CA_BUNDLE));
        }
        String trustMetadata = signIn == null ? null : signIn.trust.trustMetadata.value();
        if (trustMetadata == null && config.containsKey(ProfileKeys.TRUST_METADATA)) {
            trustMetadata = path(io, config.get(ProfileKeys.TRUST_METADATA)).toString();
        }
        return new Settings(profile, configFile,
                first(signIn == null ? null : signIn.idpUrl.value(), config.get(ProfileKeys.IDP_URL)),
                auth,
                first(signIn == null ? null : signIn.username.value(), config.get(ProfileKeys.USERNAME)),
                first(signIn == null ? null : signIn.relyingParty.value(), config.get(ProfileKeys.RELYING_PARTY)),
                caBundle,
                List.copyOf(trustCerts),
                trustMetadata,
                signIn != null && signIn.noVerifySignature.value(),
                first(sts == null ? null : sts.roleArn.value(), config.get(ProfileKeys.ROLE_ARN)),
                seconds == null ? null : Duration.ofSeconds(seconds),
                first(sts == null ? null : sts.region.value(), config.get(ProfileKeys.REGION)),
                stsEndpoint == null ? null : URI.create(stsEndpoint));
    }

    /** The IdP URL, or a usage error naming where it can be given. */
    String requireIdpUrl() {
        if (idpUrl == null) {
            throw CliException.usage("no IdP URL: expected --idp-url or " + ProfileKeys.IDP_URL + " in profile '"
                    + profile + "' of " + configFile + ", found neither");
        }
        return idpUrl;
    }

    boolean hasTrust() {
        return !trustCerts.isEmpty() || trustMetadata != null;
    }

    private static AuthMethod parseAuth(String text, String where) {
        try {
            return AuthMethod.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(ProfileKeys.AUTH + " in " + where + ": expected forms, kerberos or ntlm, found '"
                    + text + "'");
        }
    }

    /** A path from the config file; a leading {@code ~} is the home directory, as for the AWS CLI. */
    private static Path path(CliIo io, String value) {
        String text = value.trim();
        if (text.equals("~") || text.startsWith("~/")) {
            return io.home().resolve(text.length() > 2 ? text.substring(2) : "");
        }
        return Path.of(text);
    }

    private static String first(String option, String config) {
        return option != null ? option : config;
    }
}
