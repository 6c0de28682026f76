package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Writes a profile's session credentials into the shared credentials file: atomic, 0600, other profiles kept. */
final class CredentialsFile {

    private CredentialsFile() {
    }

    static void write(Path file, String profile, AwsSessionCredentials credentials) throws IOException {
        try (SafeFiles.Held lock = SafeFiles.lock(file)) {
            IniFile ini = IniFile.read(file);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("aws_access_key_id", credentials.accessKeyId());
            values.put("aws_secret_access_key", credentials.secretAccessKey());
            values.put("aws_session_token", credentials.sessionToken());
            values.put("aws_security_token", null);
            values.put("x_security_token_expires", credentials.expirationTime().map(Object::toString).orElse(null));
            ini.put(profile, values);
            SafeFiles.writeAtomically(file, ini.text());
        }
    }
}
