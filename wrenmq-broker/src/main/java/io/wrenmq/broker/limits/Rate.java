package io.wrenmq.broker.limits;

/**
 * A token-bucket rate: {@code perSecond} tokens are added every second, up to {@code burst} tokens saved up.
 * A burst of 0 means one second's worth ({@code perSecond}). {@link #NONE} (rate 0) means no limit.
 */
public record Rate(double perSecond, long burst) {
    public static final Rate NONE = new Rate(0, 0);

    public Rate {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0: " + perSecond);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst must be >= 0: " + burst);
        }
    }

    public static Rate perSecond(double perSecond) {
        return new Rate(perSecond, 0);
    }

    public boolean isLimited() {
        return perSecond > 0;
    }

    /** The bucket's capacity: the configured burst, or one second's worth (at least 1 token). */
    public double capacity() {
        return burst > 0 ? burst : Math.max(1, perSecond);
    }

    public Rate withBurst(long value) {
        return new Rate(perSecond, value);
    }
}
