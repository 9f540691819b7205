package io.wrenmq.broker.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code persistence { ... }} block: where persistent sessions, their QoS 1/2 messages and the retained
 * messages are kept. Setters return this for chaining.
 *
 * <p>Embedding default is {@link Type#MEMORY} (a library should not write files where it was not told to);
 * the server's default configuration uses {@link Type#SQLITE} at {@code data/wrenmq.db}.
 */
public final class PersistenceConfig {
    /** {@code persistence.type}. */
    public enum Type { MEMORY, SQLITE }

    /**
     * {@code persistence.sync}: when the broker acknowledges a QoS 1/2 message for a persistent subscriber
     * (PUBACK/PUBREC), it has been committed to the database. FULL also waits for the disk (fsync): survives
     * power loss. NORMAL waits for the commit into SQLite's write-ahead log without fsync: survives the broker
     * process being killed, not a power loss or an operating system crash.
     */
    public enum Sync { FULL, NORMAL }

    /** {@code persistence.corrupt_file}: what start-up does with a database file it cannot read. */
    public enum CorruptFile { STOP, MOVE_ASIDE }

    private Type type = Type.MEMORY;
    private Path path = Path.of("data", "wrenmq.db");
    private Sync sync = Sync.FULL;
    private Duration flushInterval = Duration.ZERO;
    private long maxSizeBytes = 0;
    private CorruptFile corruptFile = CorruptFile.STOP;

    public Type type() { return type; }
    public PersistenceConfig type(Type value) { this.type = Objects.requireNonNull(value); return this; }

    /** {@code persistence.path}: the SQLite database file (its directory is created owner-only if missing). */
    public Path path() { return path; }
    public PersistenceConfig path(Path value) { this.path = Objects.requireNonNull(value); return this; }

    public Sync sync() { return sync; }
    public PersistenceConfig sync(Sync value) { this.sync = Objects.requireNonNull(value); return this; }

    /**
     * {@code persistence.flush_interval}: how long the writer waits after the first queued write to collect more
     * into one transaction (group commit). 0 commits as soon as the previous commit is done; writes that arrive
     * meanwhile still share the next one. A longer interval means fewer fsyncs and higher acknowledgement latency.
     */
    public Duration flushInterval() { return flushInterval; }
    public PersistenceConfig flushInterval(Duration value) {
        if (value.isNegative() || value.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("flushInterval must be 0..10s: " + value);
        }
        this.flushInterval = value;
        return this;
    }

    /**
     * {@code persistence.max_size}: the most the database file may grow to, in bytes (0 = no limit). When full,
     * writes fail like on a full disk: logged, counted, and publishers get 0x97 Quota exceeded instead of an
     * acknowledgement.
     */
    public long maxSizeBytes() { return maxSizeBytes; }
    public PersistenceConfig maxSizeBytes(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxSizeBytes must be >= 0: " + value);
        }
        this.maxSizeBytes = value;
        return this;
    }

    public CorruptFile corruptFile() { return corruptFile; }
    public PersistenceConfig corruptFile(CorruptFile value) { this.corruptFile = Objects.requireNonNull(value); return this; }
}
