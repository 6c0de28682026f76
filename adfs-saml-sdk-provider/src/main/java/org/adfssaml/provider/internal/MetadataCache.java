package org.adfssaml.provider.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adfssaml.provider.internal.signin.EntryUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-signing certificates of federation metadata URLs, kept on disk for {@link #MAX_AGE} so that a new process
 * (a {@code credential_process}, a {@code login}) validates its SAML response without fetching the metadata again: one
 * round trip to AD FS and an XML parse less per sign-in. One PEM file per URL, named by the URL's hash, with the URL
 * and the time of the fetch in its header; written atomically, readable by the owner only. An entry that is old,
 * from the future, for another URL or unreadable is ignored (with a warning for the last two) and fetched again; so is
 * every entry when a response is signed by a certificate it does not list, which is how an AD FS certificate
 * rollover shows.
 *
 * <p>The cached certificates are trust anchors for the response's signature, which is why the file is owner-only:
 * whoever can write it can also edit the AWS config next to it, which turns validation off.
 */
public final class MetadataCache {

    /** How long an entry is used. AD FS publishes its next token-signing certificate days before it rolls over. */
    public static final Duration MAX_AGE = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(MetadataCache.class);
    private static final String URL_HEADER = "# url: ";
    private static final String FETCHED_HEADER = "# fetched: ";
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final Path directory;
    private final Clock clock;

    private MetadataCache(Path directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param directory where the entries live (created with owner-only access on the first write)
     * @param clock     the clock that dates entries
     * @return the cache
     */
    public static MetadataCache in(Path directory, Clock clock) {
        return new MetadataCache(directory, clock);
    }

    /**
     * @param url the metadata URL
     * @return the file that holds its entry
     */
    public Path fileFor(URI url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".pem");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * @param url the metadata URL
     * @return its signing certificates when a fresh entry exists, else empty
     */
    public Optional<List<X509Certificate>> read(URI url) {
        Path file = fileFor(url);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String cachedUrl = header(text, URL_HEADER);
            if (!url.toString().equals(cachedUrl)) {
                throw new IOException("it is for " + EntryUrl.withoutQuery(URI.create(cachedUrl)) + ", expected "
                                      + EntryUrl.withoutQuery(url));
            }
            Instant fetched = Instant.parse(header(text, FETCHED_HEADER));
            Instant now = clock.instant();
            if (fetched.plus(MAX_AGE).isBefore(now) || fetched.isAfter(now.plus(FUTURE_TOLERANCE))) {
                LOG.debug("Federation metadata cache {} is from {}: fetching again", file, fetched);
                return Optional.empty();
            }
            List<X509Certificate> certificates = SamlTrust.pemCertificates(text.getBytes(StandardCharsets.US_ASCII));
            if (certificates.isEmpty()) {
                throw new IOException("it holds no certificate");
            }
            LOG.debug("Federation metadata of {} from the cache {}: {} signing certificate(s), fetched {}",
                      EntryUrl.withoutQuery(url), file, certificates.size(), fetched);
            return Optional.of(certificates);
        } catch (IOException | GeneralSecurityException | DateTimeParseException | IllegalArgumentException e) {
            LOG.warn("Ignoring the federation metadata cache {}: {}; fetching the metadata again", file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Stores the signing certificates of a URL, replacing its entry atomically. A failure is logged, not thrown:
     * the sign-in it serves has its certificates already.
     *
     * @param url          the metadata URL
     * @param certificates its signing certificates
     */
    public void write(URI url, List<X509Certificate> certificates) {
        Path file = fileFor(url);
        StringBuilder text = new StringBuilder()
                .append("# adfs-saml: token-signing certificates of federation metadata, a cache\n")
                .append(URL_HEADER).append(url).append('\n')
                .append(FETCHED_HEADER).append(clock.instant()).append('\n');
        try {
            Base64.Encoder pem = Base64.getMimeEncoder(64, new byte[] {'\n'});
            for (X509Certificate certificate : certificates) {
                text.append("-----BEGIN CERTIFICATE-----\n").append(pem.encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
            }
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, ownerOnly("rwx------"));
            }
            Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", ownerOnly("rw-------"));
            try {
                Files.writeString(temp, text, StandardCharsets.US_ASCII);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("Could not cache the federation metadata of {} in {}: {}", EntryUrl.withoutQuery(url), file,
                     e.getMessage());
        }
    }

    /** The permissions as a creation attribute where the file system has POSIX permissions, else none. */
    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
               ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
               : new FileAttribute<?>[0];
    }

    private static String header(String text, String name) throws IOException {
        return text.lines().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).trim()).findFirst()
                   .orElseThrow(() -> new IOException("it has no '" + name.substring(2).trim() + "' line"));
    }

    @Override
    public String toString() {
        return "MetadataCache[" + directory + "]";
    }
}
