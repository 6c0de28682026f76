package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsWarmUpTest {

    @Test
    void startForWhenCommandSignsInThenDaemonThreadStartedAndFinishes() throws Exception {
        for (String[] args : new String[][] {{"login", "--profile", "p"}, {"credential-process", "--profile", "p"},
                {"roles"}, {"--verbose", "login"}}) {
            Optional<Thread> started = TlsWarmUp.startFor(args);

            assertThat(started).as(String.join(" ", args)).isPresent();
            Thread thread = started.get();
            assertThat(thread.getName()).isEqualTo("adfs-saml-tls-warm-up");
            assertThat(thread.isDaemon()).isTrue();
            thread.join(60_000);
            assertThat(thread.isAlive()).as("warm-up still running after 60 s").isFalse();
        }
    }

    @Test
    void startForWhenCommandDoesNotSignInThenNothingStarted() {
        for (String[] args : new String[][] {{}, {"configure", "--profile", "p"}, {"inspect", "-"}, {"demo"},
                {"--help"}, {"-v", "configure"}}) {
            assertThat(TlsWarmUp.startFor(args)).as(String.join(" ", args)).isEmpty();
        }
    }
}
