package org.adfssaml.provider;

import java.nio.file.Paths;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** A second writer process for {@link SharedCredentialsFileTest}: writes N profiles named PREFIX-i to FILE. */
public final class CredentialsFileWriterMain {

    private CredentialsFileWriterMain() {
    }

    /**
     * Entry point.
     *
     * @param args file, profile name prefix, count
     */
    public static void main(String[] args) {
        SharedCredentialsFile file = SharedCredentialsFile.at(Paths.get(args[0]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            file.writeProfile(args[1] + "-" + i, AwsSessionCredentials.builder()
                                                                      .accessKeyId("ASIA" + args[1].toUpperCase() + i)
                                                                      .secretAccessKey("secret-" + i)
                                                                      .sessionToken("token-" + i)
                                                                      .expirationTime(Instant.parse("2026-11-22T13:00:00Z"))
                                                                      .build());
        }
    }
}
