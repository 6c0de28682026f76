package org.adfssaml.provider;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.adfssaml.provider.internal.IniDocument;
import org.adfssaml.provider.internal.IniFormatException;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS shared credentials file ({@code ~/.aws/credentials}), updated one profile at a time.
 *
 * <p>{@link #writeProfile} writes or replaces {@code aws_access_key_id}, {@code aws_secret_access_key},
 * {@code aws_session_token}, the expiry (as {@code x_security_token_expires} and {@code expiration}, the keys
 * saml2aws and aws-adfs use) and, when given, {@code region} of one profile. Every other profile, key, comment and
 * blank line stays byte-for-byte as it was. The file is replaced atomically (a temporary file in the same directory,
 * created with mode 0600 on POSIX systems, flushed to disk, then renamed over the original), so a reader sees either
 * the old or the new file, never a partial one. Writers serialize on an exclusive lock of a sibling
 * {@code <name>.lock} file and re-read the file under that lock, so concurrent writers of different profiles (threads
 * or processes) keep each other's profiles.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SharedCredentialsFile {

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.@:+/%-]+");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** In-JVM writers of one file: FileChannel locks are per process, so threads need their own lock. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path path;

    private SharedCredentialsFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /**
     * The file the AWS CLI and SDKs read: {@code AWS_SHARED_CREDENTIALS_FILE} when set (a leading {@code ~} is the
     * home directory), else {@code ~/.aws/credentials}.
     *
     * @return the default shared credentials file
     */
    public static SharedCredentialsFile defaultFile() {
        return new SharedCredentialsFile(locate(System::getenv, System.getProperty("user.home")));
    }

    /**
     * A shared credentials file at an explicit path.
     *
     * @param path the file; it and its directory are created on first write
     * @return the file
     */
    public static SharedCredentialsFile at(Path path) {
        return new SharedCredentialsFile(Objects.requireNonNull(path, "path"));
    }

    static Path locate(Function<String, String> environment, String userHome) {
        String configured = environment.apply("AWS_SHARED_CREDENTIALS_FILE");
        if (configured != null && !configured.isBlank()) {
            String trimmed = configured.strip();
            if (trimmed.equals("~") || trimmed.startsWith("~/") || trimmed.startsWith("~" + File.separator)) {
                return Paths.get(userHome + trimmed.substring(1));
            }
            return Paths.get(trimmed);
        }
        return Paths.get(userHome, ".aws", "credentials");
    }

    /** @return the absolute path of the file */
    public Path path() {
        return path;
    }

    /**
     * Writes or replaces one profile's credentials, without a region.
     *
     * @param profileName profile name, e.g. {@code saml}
     * @param credentials the session credentials
     * @throws UncheckedIOException when the file cannot be read, is not a valid credentials file, or cannot be
     *                              written; the message names the path, and the original file is left unchanged
     * @see #writeProfile(String, AwsSessionCredentials, Region)
     */
    public void writeProfile(String profileName, AwsSessionCredentials credentials) {
        writeProfile(profileName, credentials, null);
    }

    /**
     * Writes or replaces one profile's credentials.
     *
     * @param profileName profile name, e.g. {@code saml}
     * @param credentials the session credentials
     * @param region      the region to write into the profile, or {@code null} to leave the profile's region as it is
     * @throws UncheckedIOException when the file cannot be read, is not a valid credentials file, or cannot be
     *                              written; the message names the path, and the original file is left unchanged
     */
    public void writeProfile(String profileName, AwsSessionCredentials credentials, Region region) {
        validateProfileName(profileName);
        Objects.requireNonNull(credentials, "credentials");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("aws_access_key_id", checkedValue("access key id", credentials.accessKeyId()));
        values.put("aws_secret_access_key", checkedValue("secret access key", credentials.secretAccessKey()));
        values.put("aws_session_token", checkedValue("session token", credentials.sessionToken()));
        credentials.expirationTime().ifPresent(expiration -> {
            String formatted = CredentialProcessOutput.formatInstant(expiration);
            values.put("x_security_token_expires", formatted);
            values.put("expiration", formatted);
        });
        if (region != null) {
            values.put("region", region.id());
        }

        Path target = resolveTarget();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, p -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel = openLockFile(target)) {
            // blocks until other processes' writers are done; released when the channel closes
            FileLock lock = lockChannel.lock();
            String original = read(target);
            IniDocument document = parse(original, target);
            document.setSection(profileName, values);
            String updated = document.render();
            verifyRoundTrip(updated, profileName, values, target);
            replace(target, updated.getBytes(StandardCharsets.UTF_8));
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write profile '" + profileName + "' to " + target + ": "
                                           + describe(e) + "; the file was left unchanged", e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Reads one profile's credentials back through the SDK's own profile file reader.
     *
     * @param profileName profile name
     * @return the profile's session credentials (with expiration when {@code x_security_token_expires} or
     *         {@code expiration} is set), or empty when the file or profile does not exist or has no session token
     * @throws UncheckedIOException when the file exists but cannot be read or parsed; the message names the path
     */
    public Optional<AwsSessionCredentials> readProfile(String profileName) {
        validateProfileName(profileName);
        Path target = resolveTarget();
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        String text;
        try {
            text = read(target);
            parse(text, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + target + ": " + describe(e), e);
        }
        Optional<Profile> profile = profileFile(text).profile(profileName);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> keyId = profile.get().property("aws_access_key_id");
        Optional<String> secret = profile.get().property("aws_secret_access_key");
        Optional<String> token = profile.get().property("aws_session_token");
        if (keyId.isEmpty() || secret.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        AwsSessionCredentials.Builder builder = AwsSessionCredentials.builder()
                                                                     .accessKeyId(keyId.get())
                                                                     .secretAccessKey(secret.get())
                                                                     .sessionToken(token.get());
        profile.get().property("x_security_token_expires")
               .or(() -> profile.get().property("expiration"))
               .ifPresent(expiration -> {
                   try {
                       builder.expirationTime(Instant.parse(expiration));
                   } catch (DateTimeParseException e) {
                       throw new UncheckedIOException(new IOException(
                           target + " profile '" + profileName + "': expected the expiry as an ISO-8601 instant such as "
                           + "2026-11-22T13:00:00Z, found '" + expiration + "'", e));
                   }
               });
        return Optional.of(builder.build());
    }

    @Override
    public String toString() {
        return "SharedCredentialsFile(" + path + ")";
    }

    private Path resolveTarget() {
        // follow a symlinked credentials file so the link survives and its target is what gets replaced
        if (Files.isSymbolicLink(path)) {
            try {
                return path.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(path + " is a symbolic link whose target cannot be resolved: " + describe(e), e);
            }
        }
        return path;
    }

    private static FileChannel openLockFile(Path target) throws IOException {
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            if (posix()) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        if (posix() && !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                        PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            } catch (FileAlreadyExistsException raced) {
                // another writer created it between the check and the open: use theirs
            }
        }
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static String read(Path target) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            return "";
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                                                     .onMalformedInput(CodingErrorAction.REPORT)
                                                     .onUnmappableCharacter(CodingErrorAction.REPORT)
                                                     .decode(ByteBuffer.wrap(bytes));
            String text = chars.toString();
            if (text.indexOf('\0') >= 0) {
                throw new IOException("it is not a valid AWS credentials file: expected text, found a NUL byte");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new IOException("it is not a valid AWS credentials file: expected UTF-8 text, found bytes that are not UTF-8",
                                  e);
        }
    }

    private static IniDocument parse(String text, Path target) throws IOException {
        try {
            return IniDocument.parse(text, "");
        } catch (IniFormatException e) {
            throw new IOException("it is not a valid AWS credentials file: " + e.getMessage(), e);
        }
    }

    private static void verifyRoundTrip(String text, String profileName, Map<String, String> values, Path target)
        throws IOException {
        Optional<Profile> profile;
        try {
            profile = profileFile(text).profile(profileName);
        } catch (RuntimeException e) {
            throw new IOException("the AWS SDK could not read the updated file (" + e.getClass().getSimpleName() + ")", e);
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (profile.isEmpty() || !profile.get().property(entry.getKey()).equals(Optional.of(entry.getValue()))) {
                throw new IOException("the AWS SDK read back a different value of '" + entry.getKey() + "' in profile '"
                                      + profileName + "' of " + target + " than was written");
            }
        }
    }

    private static ProfileFile profileFile(String text) {
        return ProfileFile.builder()
                          .content(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                          .type(ProfileFile.Type.CREDENTIALS)
                          .build();
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path directory = target.getParent();
        FileAttribute<?>[] attributes = posix()
                                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                                        : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename files atomically", e);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void syncDirectory(Path directory) {
        // makes the rename itself durable; not possible on every platform (Windows), where the rename still is atomic
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort only
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void validateProfileName(String profileName) {
        Objects.requireNonNull(profileName, "profileName");
        if (!PROFILE_NAME.matcher(profileName).matches()) {
            throw new IllegalArgumentException("Invalid profile name '" + profileName
                                               + "': expected letters, digits and _ . @ : + / % - only");
        }
    }

    private static String checkedValue(String what, String value) {
        if (value == null || value.isEmpty() || !value.equals(value.strip()) || value.chars().anyMatch(c -> c < 0x20)) {
            // the value itself is secret: describe it, never print it
            throw new IllegalArgumentException("Invalid " + what + ": expected a non-empty single-line value without "
                                               + "surrounding whitespace");
        }
        return value;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + message + ")";
        }
        if (e instanceof FileSystemException && message != null) {
            return e.getClass().getSimpleName() + " (" + message + ")";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
