package io.wrenmq.broker.limits;

import io.wrenmq.broker.metrics.LimitsMetrics;
import io.wrenmq.broker.net.IpRange;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flapping detection (EMQX's {@code flapping_detect}): a client id that connects more than {@code max_count}
 * times within {@code window_time} is banned for {@code ban_time}. Failed logins are counted the same way, per
 * client id and per client address, so password guessing from one address bans that address. Bans go into the
 * {@link BanList} with an expiry; each is logged once. The window starts at the first attempt and restarts after
 * {@code window_time} (a fixed window, as EMQX does), so memory is one small entry per recently seen key.
 */
public final class FlappingDetector {
    private static final Logger LOG = LoggerFactory.getLogger(FlappingDetector.class);

    private record Window(long startNanos, int count) {
    }

    private final LimitsConfig config;
    private final BanList bans;
    private final LimitsMetrics metrics;
    private final LongSupplier nanoClock;
    private final Map<String, Window> connects = new ConcurrentHashMap<>();
    private final Map<String, Window> loginFailures = new ConcurrentHashMap<>();

    public FlappingDetector(LimitsConfig config, BanList bans, LimitsMetrics metrics) {
        this(config, bans, metrics, System::nanoTime);
    }

    FlappingDetector(LimitsConfig config, BanList bans, LimitsMetrics metrics, LongSupplier nanoClock) {
        this.config = config;
        this.bans = bans;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Counts a CONNECT of {@code clientId}; true when this one is over the limit (the client id is now banned). */
    public boolean onConnect(String clientId) {
        if (!config.flappingEnabled() || clientId == null || clientId.isEmpty()) {
            return false;
        }
        if (count(connects, clientId) <= config.flappingMaxCount()) {
            return false;
        }
        connects.remove(clientId);
        ban(BanRule.Kind.CLIENTID, clientId, "flapping", "connected more than " + config.flappingMaxCount()
                + " times within " + config.flappingWindow().toSeconds() + "s");
        return true;
    }

    /**
     * Counts a failed login (for the authentication code to call): over {@code max_count} failures within
     * {@code window_time} from one client address ban the address, from one client id ban the client id.
     */
    public void loginFailed(String clientId, InetAddress address) {
        if (!config.loginFailureBan()) {
            return;
        }
        String why = "more than " + config.flappingMaxCount() + " failed logins within "
                + config.flappingWindow().toSeconds() + "s";
        if (address != null) {
            String key = IpRange.key(address);
            if (count(loginFailures, "ip " + key) > config.flappingMaxCount()) {
                loginFailures.remove("ip " + key);
                ban(BanRule.Kind.IPADDR, key, "login_failures", why);
            }
        }
        if (clientId != null && !clientId.isEmpty()
                && count(loginFailures, "id " + clientId) > config.flappingMaxCount()) {
            loginFailures.remove("id " + clientId);
            ban(BanRule.Kind.CLIENTID, clientId, "login_failures", why);
        }
    }

    private int count(Map<String, Window> windows, String key) {
        long now = nanoClock.getAsLong();
        long window = config.flappingWindow().toNanos();
        return windows.compute(key, (k, w) -> w == null || now - w.startNanos() > window
                ? new Window(now, 1) : new Window(w.startNanos(), w.count() + 1)).count();
    }

    private void ban(BanRule.Kind kind, String value, String source, String why) {
        Instant until = Instant.now().plus(config.flappingBanTime());
        bans.add(new BanRule(kind, value, until, why, source));
        metrics.flappingBans.increment();
        LOG.warn("Banned {} {} until {}: {}", kind.key(), value, until, why);
    }

    /** Forgets windows that ended (run periodically). */
    public void purge() {
        long now = nanoClock.getAsLong();
        long window = config.flappingWindow().toNanos();
        connects.values().removeIf(w -> now - w.startNanos() > window);
        loginFailures.values().removeIf(w -> now - w.startNanos() > window);
    }
}
