package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.adfssaml.provider.AdfsAuthenticationException;
import org.junit.jupiter.api.Test;

class RefusalMemoryTest {
    private final AdfsAuthenticationException refused = new AdfsAuthenticationException(
            AdfsAuthenticationException.Reason.PASSWORD_REFUSED, "refused", "Incorrect user ID or password.");

    @Test
    void refusalForWhenSameUserAndPasswordThenTheRememberedRefusal() {
        RefusalMemory memory = new RefusalMemory();
        memory.remember("alice", "wrong".toCharArray(), refused);

        assertThat(memory.refusalFor("alice", "wrong".toCharArray())).isSameAs(refused);
    }

    @Test
    void refusalForWhenPasswordOrUserDiffersThenNone() {
        RefusalMemory memory = new RefusalMemory();
        memory.remember("alice", "wrong".toCharArray(), refused);

        assertThat(memory.refusalFor("alice", "wrong2".toCharArray())).isNull();
        assertThat(memory.refusalFor("bob", "wrong".toCharArray())).isNull();
    }

    @Test
    void clearWhenCalledThenNothingRemembered() {
        RefusalMemory memory = new RefusalMemory();
        memory.remember("alice", "wrong".toCharArray(), refused);

        memory.clear();

        assertThat(memory.refusalFor("alice", "wrong".toCharArray())).isNull();
    }
}
