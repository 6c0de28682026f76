package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.provider.AuthMethod;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code configure --profile P}: writes P's {@code adfs_*} settings and its {@code credential_process} line into
 * the AWS config file ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}), keeping everything else.
 */
final class ConfigureCommand implements Callable<Integer> {

    private final CliIo io;

    final CliOption<String> profile = CliOption.of(String.class, OptionSpec.builder("--profile").required(true)
            .paramLabel("P").description("The profile to write."));

    final SignInOptions signIn = new SignInOptions();

    final StsOptions sts = new StsOptions();

    final CliOption<String> launchCommand = CliOption.of(String.class, OptionSpec.builder("--launch-command")
            .paramLabel("CMD")
            .description("How the AWS CLI starts adfs-saml (default: this java and this jar, absolute paths)."));

    final CliOption<Boolean> noCds = CliOption.flag(OptionSpec.builder("--no-cds")
            .description("Do not build a class-data sharing archive for the credential_process line (by default one "
                    + "is built once per jar, in about 15 s, and roughly halves the start-up of a sign-in)."));

    ConfigureCommand(CliIo io) {
        this.io = io;
    }

    CommandSpec spec() {
        CommandSpec spec = CliOption.command(this, "configure", "Write a profile's adfs_* settings and its "
                + "credential_process line into the AWS config file (AWS_CONFIG_FILE, else ~/.aws/config); other "
                + "profiles and comments are kept. Settings not given on the command line keep their current value.");
        CliOption.addTo(spec, profile);
        signIn.addTo(spec);
        sts.addTo(spec);
        CliOption.addTo(spec, launchCommand, noCds);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        String profile = this.profile.value();
        if (!profile.matches("[A-Za-z0-9_.@+-]+")) {
            throw CliException.usage("--profile: expected letters, digits and _ . @ + -, found '" + profile + "'");
        }
        if (signIn.passwordStdin.value()) {
            throw CliException.usage("--password-stdin: configure stores no password (credential-process asks for it "
                    + "or reads ADFS_PASSWORD)");
        }
        Path configFile = Settings.configFile(io);
        String section = IniFile.configSection(profile);
        Map<String, String> values = new LinkedHashMap<>();
        Optional<Path> launcher;
        try (SafeFiles.Held lock = SafeFiles.lock(configFile)) {
            IniFile ini = IniFile.read(configFile);
            Map<String, String> existing = ini.section(section).orElse(Map.of());
            String idpUrl = signIn.idpUrl.value();
            if (idpUrl == null) {
                idpUrl = existing.get(ProfileKeys.IDP_URL);
            }
            if (idpUrl == null && io.terminal().interactive()) {
                idpUrl = io.terminal().readLine("AD FS URL (e.g. https://adfs.example.com): ").map(String::trim)
                        .filter(s -> !s.isEmpty()).orElse(null);
            }
            if (idpUrl == null) {
                throw CliException.usage("no IdP URL: expected --idp-url (profile '" + profile + "' of " + configFile
                        + " has no " + ProfileKeys.IDP_URL + " yet)");
            }
            values.put(ProfileKeys.IDP_URL, idpUrl);
            AuthMethod auth = signIn.auth.value();
            put(values, ProfileKeys.AUTH, auth == null ? null : auth.name().toLowerCase(Locale.ROOT));
            put(values, ProfileKeys.USERNAME, signIn.username.value());
            put(values, ProfileKeys.RELYING_PARTY, signIn.relyingParty.value());
            put(values, ProfileKeys.CA_BUNDLE, absolute(signIn.caBundle.value()));
            List<Path> certs = signIn.trust.trustCerts.value();
            if (certs.size() > 1) {
                throw CliException.usage("--trust-cert: a profile holds one PEM file (it may hold several certificates), "
                        + "found " + certs.size() + " files");
            }
            put(values, ProfileKeys.TRUST_CERT, certs.isEmpty() ? null : absolute(certs.get(0)));
            String metadata = signIn.trust.trustMetadata.value();
            if (metadata != null && (metadata.startsWith("https://") || metadata.startsWith("http://"))) {
                // AdfsProfile (the Java provider's reader of the same profile) takes a file only
                throw CliException.usage("--trust-metadata: a profile holds a file (download FederationMetadata.xml "
                        + "once and give its path), found the URL " + metadata);
            }
            put(values, ProfileKeys.TRUST_METADATA, metadata == null ? null : absolute(Path.of(metadata)));
            put(values, ProfileKeys.ROLE_ARN, sts.roleArn.value());
            put(values, ProfileKeys.DURATION, sts.duration.value());
            put(values, ProfileKeys.REGION, sts.region.value());
            put(values, ProfileKeys.STS_ENDPOINT, sts.stsEndpoint.value());
            String given = launchCommand.value();
            String launch = given != null ? given : LaunchCommand.current(classDataSharing());
            launcher = given != null ? Optional.empty() : Launcher.write(io, launch);
            values.put(ProfileKeys.CREDENTIAL_PROCESS, launch + " credential-process --profile " + profile);
            ini.put(section, values);
            SafeFiles.writeAtomically(configFile, ini.text());
        }
        io.out().println("Wrote profile '" + profile + "' to " + configFile + ":");
        values.forEach((k, v) -> io.out().println("  " + k + " = " + v));
        io.out().println("Use it with: aws sts get-caller-identity --profile " + profile);
        launcher.ifPresent(path -> io.out().println("By hand, with the same fast start: " + path + " login --profile "
                + profile));
        return AdfsSamlCli.OK;
    }

    /** Only for the default launch command, and only from a jar (there is nothing stable to archive in classes). */
    private List<String> classDataSharing() {
        if (noCds.value()) {
            return List.of();
        }
        return LaunchCommand.jar().flatMap(jar -> ClassDataSharing.ensure(io, LaunchCommand.java(), jar))
                .map(ClassDataSharing::jvmOptions).orElse(List.of());
    }

    private static void put(Map<String, String> values, String key, Object value) {
        if (value != null) {
            values.put(key, value.toString());
        }
    }

    private static String absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize().toString();
    }
}
