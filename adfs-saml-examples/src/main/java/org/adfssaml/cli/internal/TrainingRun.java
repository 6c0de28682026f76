package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.StsEmulator;

/**
 * The class-data sharing training's second half ({@code demo --training}): after the demo, this JVM runs the commands
 * a user's JVMs start with, through {@link CliRunner} as a process would, against the demo's emulators, in a
 * temporary home. The archive then also holds what only those commands load (their picocli models, settings, the
 * metadata and credential caches) and their lambdas: about 0.05 s and 0.1 s of CPU off a cold {@code login}
 * (BENCHMARKS.md, fourth session).
 */
final class TrainingRun {

    static final String PROFILE = "training";

    private TrainingRun() {
    }

    /**
     * @throws IllegalStateException when a command fails: a training that does not run the commands it is meant to
     *                               run would build an archive that does not hold them
     */
    static void run(AdfsEmulator adfs, StsEmulator sts) throws IOException {
        Path home = Files.createTempDirectory("adfs-saml-training-");
        try {
            Path ca = Files.writeString(home.resolve("adfs-ca.pem"), adfs.caCertificatePem());
            Map<String, String> environment = Map.of("HOME", home.toString(),
                    "AWS_CONFIG_FILE", home.resolve("config").toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                    "ADFS_PASSWORD", DemoCommand.PASSWORD);
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            CliIo io = new CliIo(InputStream.nullInputStream(), discard, discard, environment, Terminal.none());
            List<String> signIn = List.of("--idp-url", adfs.signOnUrl().toString(), "--ca-bundle", ca.toString(),
                    "--username", DemoCommand.USERNAME, "--role-arn", DemoCommand.TRAINING_ROLE,
                    "--sts-endpoint", sts.endpoint().toString(), "--region", "us-east-1");
            command(io, "login", signIn); // fetches and caches the federation metadata
            command(io, "login", signIn); // reads it from the cache
            List<String> configure = new ArrayList<>(List.of("--profile", PROFILE, "--no-cds"));
            configure.addAll(signIn);
            command(io, "configure", configure);
            command(io, "credential-process", List.of("--profile", PROFILE)); // signs in
            command(io, "credential-process", List.of("--profile", PROFILE)); // answered from the cache
        } finally {
            SafeFiles.deleteTree(home);
        }
    }

    private static void command(CliIo io, String name, List<String> options) {
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(options);
        int exit = CliRunner.run(io, args.toArray(String[]::new));
        if (exit != AdfsSamlCli.OK) {
            throw new IllegalStateException("the training's " + name + " exited with " + exit + ", expected 0");
        }
    }
}
