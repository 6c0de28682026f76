package org.adfssaml.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; shared by the assertion minting and the STS emulator so both agree. */
final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
        this.now = now;
    }

    /** A clock the given amount behind the real one, so credentials it issues expire that much earlier. */
    static MutableClock behindRealTime(Duration behind) {
        return new MutableClock(Instant.now().minus(behind));
    }

    void set(Instant instant) {
        this.now = instant;
    }

    void setToRealTime() {
        this.now = Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
