/**
 * The CLI's implementation; not API.
 *
 * <p>{@link org.adfssaml.cli.internal.CliRunner} builds the picocli tree and maps failures to exit codes
 * ({@code ErrorReporter}); {@link org.adfssaml.cli.internal.CliIo} is what a command talks to (streams, environment,
 * {@link org.adfssaml.cli.internal.Terminal}), so tests run commands in-process with captured streams. Settings come
 * from options, else the profile's keys in the AWS config file ({@code Settings}, {@code ProfileKeys}); prompts and
 * their non-interactive fallbacks are in {@code Prompts}; STS goes through the library's
 * {@code AdfsCredentialsProvider} ({@code Assume}); {@code credential-process} caches in {@code CredentialCache}
 * under a file lock ({@code SafeFiles}); {@code configure} edits the config file line by line ({@code IniFile}).
 */
package org.adfssaml.cli.internal;
