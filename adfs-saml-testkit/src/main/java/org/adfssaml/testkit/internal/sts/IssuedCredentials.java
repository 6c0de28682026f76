package org.adfssaml.testkit.internal.sts;

import java.time.Instant;

/**
 * Session credentials the emulator issued, kept to verify later signed requests.
 *
 * @param accessKeyId the {@code ASIA...} access key
 * @param secretAccessKey the secret
 * @param sessionToken the session token
 * @param expiration when they expire on the emulator clock
 * @param assumedRoleArn the {@code assumed-role} ARN
 * @param assumedRoleId {@code AROA...:session}
 * @param account the account ID
 */
public record IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        String assumedRoleArn, String assumedRoleId, String account) {

    @Override
    public String toString() {
        return "IssuedCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", arn=" + assumedRoleArn
                + "]";
    }
}
