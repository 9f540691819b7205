package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.delivery;
import static io.wrenmq.broker.store.sqlite.StoreTests.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.sqlite.StoreWriter.Pending;
import io.wrenmq.broker.store.sqlite.WriteOp.AddMessage;
import io.wrenmq.broker.store.sqlite.WriteOp.DeleteDelivery;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkInflight;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkReleased;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which writes {@link Coalescer} cancels in a batch, and which it must leave alone. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CoalescerTest {
    private static final long M = 7;
    private static final long OTHER = 8;

    @Test
    void aDeliveryAddedMarkedAndDeletedInOneBatchCancelsAllOfItsWrites() {
        List<Pending> batch = batch(add(M, "a"), new MarkInflight("a", M, 1), new DeleteDelivery("a", M));
        List<CompletableFuture<Void>> futures = batch.stream().map(Pending::future).toList();

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).containsExactly("cancelled 7", "cancelled 7", "cancelled 7");
        assertThat(batch).extracting(Pending::future).as("each keeps its future").containsExactlyElementsOf(futures);
    }

    @Test
    void onlyTheDeletedDeliveryIsDroppedFromTheMessage() {
        List<Pending> batch = batch(add(M, "a", "b"), new MarkInflight("a", M, 1), new MarkInflight("b", M, 2),
                new MarkReleased("a", M), new DeleteDelivery("a", M));

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).containsExactly("add 7 [b]", "cancelled 7", "inflight b 7", "cancelled 7",
                "cancelled 7");
    }

    @Test
    void aDeliveryStoredBeforeTheBatchIsDeletedAsQueued() {
        List<Pending> batch = batch(new MarkInflight("a", M, 1), new DeleteDelivery("a", M), add(OTHER, "a"));

        Coalescer.coalesce(batch, refs(M, 1));

        assertThat(describe(batch)).containsExactly("inflight a 7", "delete a 7", "add 8 [a]");
    }

    /** The message is stored already (for b): a second addMessage for it may meet an existing row for a too. */
    @Test
    void anAddForAMessageStoredBeforeTheBatchIsNotACandidate() {
        List<Pending> batch = batch(add(M, "a"), new DeleteDelivery("a", M));

        Coalescer.coalesce(batch, refs(M, 1));

        assertThat(describe(batch)).containsExactly("add 7 [a]", "delete a 7");
    }

    @Test
    void aDeleteBeforeTheAddIsNotPairedWithIt() {
        List<Pending> batch = batch(new MarkInflight("a", M, 1), new DeleteDelivery("a", M), add(M, "a"),
                new MarkInflight("a", M, 2));

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).containsExactly("inflight a 7", "delete a 7", "add 7 [a]", "inflight a 7");
    }

    @Test
    void marksAfterTheDeleteAndASecondDeleteStay() {
        List<Pending> batch = batch(add(M, "a"), new DeleteDelivery("a", M), new MarkInflight("a", M, 1),
                new DeleteDelivery("a", M));

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).containsExactly("cancelled 7", "cancelled 7", "inflight a 7", "delete a 7");
    }

    /** The second add's INSERT OR IGNORE would have met a's row: cancelling the first would let it insert one. */
    @Test
    void aSecondAddOfTheMessageEndsItsCandidacy() {
        List<Pending> batch = batch(add(M, "a", "b"), new DeleteDelivery("b", M), add(M, "a"),
                new DeleteDelivery("a", M));

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).as("b was cancelled before the second add, a after it is not")
                .containsExactly("add 7 [a]", "cancelled 7", "add 7 [a]", "delete a 7");
    }

    @Test
    void otherClientsAndMessagesAndOtherWritesAreLeftAlone() {
        WriteOp other = w -> w.deleteRetained("x");
        List<Pending> batch = batch(add(M, "a"), add(OTHER, "b"), other, new DeleteDelivery("b", M),
                new DeleteDelivery("a", OTHER), new MarkInflight("a", M, 1));

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).containsExactly("add 7 [a]", "add 8 [b]", "other", "delete b 7", "delete a 8",
                "inflight a 7");
    }

    @Test
    void aDuplicatedDeliveryInOneAddIsCancelledWhole() {
        List<Pending> batch = batch(new AddMessage(message(M, "t", "x", 0), List.of(delivery("a", M),
                delivery("a", M), delivery("b", M))), new DeleteDelivery("a", M));

        Coalescer.coalesce(batch, refs());

        assertThat(describe(batch)).containsExactly("add 7 [b]", "cancelled 7");
    }

    private static AddMessage add(long id, String... clients) {
        List<StoredDelivery> rows = new ArrayList<>();
        for (String c : clients) {
            rows.add(delivery(c, id));
        }
        return new AddMessage(message(id, "t", "x", 0), rows);
    }

    private static List<Pending> batch(WriteOp... ops) {
        List<Pending> batch = new ArrayList<>();
        for (WriteOp op : ops) {
            batch.add(new Pending(op, new CompletableFuture<>()));
        }
        return batch;
    }

    /** Counts as committed before the batch: message id, deliveries, ... */
    private static RefCounts refs(long... idAndCount) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < idAndCount.length; i += 2) {
            counts.put(idAndCount[i], (int) idAndCount[i + 1]);
        }
        return new RefCounts(counts);
    }

    private static List<String> describe(List<Pending> batch) {
        return batch.stream().map(p -> StoreTests.describe(p.op())).toList();
    }
}
