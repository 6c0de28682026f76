package org.adfssaml.cli.internal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

/** One sign-in and one {@code AssumeRoleWithSAML}, through the library's {@link AdfsCredentialsProvider}. */
final class Assume {

    private Assume() {
    }

    /** The role chosen and the credentials STS issued for it. */
    record Assumed(AwsRole role, AwsSessionCredentials credentials) {
        @Override
        public String toString() {
            return "Assumed[" + role + "]";
        }
    }

    /**
     * {@code validator} null: the library's default validation (the IdP's own federation metadata), whose signing
     * certificates are kept in {@code metadataCache} (null: fetched every time).
     */
    static Assumed once(Settings settings, AdfsSignIn signIn, RoleSelector selector, SamlValidator validator,
                        Path metadataCache) {
        AtomicReference<AwsRole> chosen = new AtomicReference<>();
        AdfsCredentialsProvider.Builder builder = AdfsCredentialsProvider.builder()
                .signIn(signIn)
                .roleSelector(offered -> {
                    AwsRole role = selector.select(offered);
                    chosen.set(role);
                    return role;
                });
        if (validator != null) { // else the library's default: the IdP's own federation metadata
            builder.samlValidator(validator);
        } else {
            builder.metadataCache(metadataCache);
        }
        if (settings.stsEndpoint() != null) {
            builder.stsEndpoint(settings.stsEndpoint());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.duration() != null) {
            builder.duration(settings.duration());
        }
        try (AdfsCredentialsProvider provider = builder.build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            if (!(credentials instanceof AwsSessionCredentials session)) {
                throw new IllegalStateException("expected session credentials from STS, found "
                        + credentials.getClass().getSimpleName());
            }
            return new Assumed(chosen.get(), session);
        }
    }
}
