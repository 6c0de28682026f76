package org.adfssaml.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackServersTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(LoopbackServers.NO_DELAY_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(LoopbackServers.NO_DELAY_PROPERTY);
        } else {
            System.setProperty(LoopbackServers.NO_DELAY_PROPERTY, saved);
        }
    }

    @Test
    void preferNoDelayWhenUnsetThenTrue() {
        System.clearProperty(LoopbackServers.NO_DELAY_PROPERTY);

        LoopbackServers.preferNoDelay();

        assertThat(System.getProperty(LoopbackServers.NO_DELAY_PROPERTY)).isEqualTo("true");
    }

    @Test
    void preferNoDelayWhenSetByTheUserThenKept() {
        System.setProperty(LoopbackServers.NO_DELAY_PROPERTY, "false");

        LoopbackServers.preferNoDelay();

        assertThat(System.getProperty(LoopbackServers.NO_DELAY_PROPERTY)).isEqualTo("false");
    }

    @Test
    void startWhenEmulatorStartsThenNoDelayAskedForBeforeItsServer() {
        System.clearProperty(LoopbackServers.NO_DELAY_PROPERTY);

        try (StsEmulator sts = StsEmulator.builder().trust(TestIdp.generate()).build().start()) {
            assertThat(System.getProperty(LoopbackServers.NO_DELAY_PROPERTY)).isEqualTo("true");
        }
    }
}
