package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultPasswordSourceTest {

    @Test
    void getWhenEnvironmentVariableSetThenFreshArrayEachCall() {
        DefaultPasswordSource source = new DefaultPasswordSource("alice", Map.of("ADFS_PASSWORD", "s3cret!")::get, () -> null);

        char[] first = source.get();
        java.util.Arrays.fill(first, '\0');
        char[] second = source.get();

        assertThat(second).containsExactly('s', '3', 'c', 'r', 'e', 't', '!');
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void getWhenNoVariableAndNoConsoleThenErrorSaysWhatIsExpected() {
        DefaultPasswordSource source = new DefaultPasswordSource("EXAMPLE\\alice", name -> null, () -> null);

        assertThatThrownBy(source::get)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("No password for EXAMPLE\\alice: expected the ADFS_PASSWORD environment variable or an interactive "
                        + "console, found neither");
    }

    @Test
    void toStringWhenPasswordInEnvironmentThenDoesNotShowIt() {
        DefaultPasswordSource source = new DefaultPasswordSource("alice", Map.of("ADFS_PASSWORD", "s3cret!")::get, () -> null);

        assertThat(source).hasToString("DefaultPasswordSource(ADFS_PASSWORD or console)");
    }
}
