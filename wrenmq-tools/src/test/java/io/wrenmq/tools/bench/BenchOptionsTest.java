package io.wrenmq.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flag validation: a wrong command line exits 2 with a message, before any connection is made. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BenchOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "pubsub -q 3|-q/--qos must be 0, 1 or 2: 3",
        "pubsub -s 10|-s/--size must be 24 (the header)",
        "pubsub --rate 100 -I 5|give either --rate or -I/--interval, not both",
        "pubsub --pubs 0|--pubs and --subs must be at least 1",
        "pubsub --pub-topic a/%i --sub-topic b/#|matches 0 of the subscriber filters",
        "pubsub --pub-topic a/+|--pub-topic must not contain + or #",
        "pubsub -V 4x|-V must be 311 or 5: 4x",
        "pubsub -d 0s|-d/--duration must be positive",
        "pubsub -d soon|'soon' is not a duration",
        "pubsub --window 0|-w/--window must be 1..65535: 0",
        "pubsub --bogus|Unknown option: '--bogus'",
        "pub -c 0|-c/--clients must be at least 1: 0",
        "pub -t x/#|-t/--topic of a publisher must not contain + or #",
        "pub --rate -5|--rate must be 0 (closed loop) or positive",
        "sub -L -1|-L/--limit must not be negative",
        "conn -c 0|-c/--clients must be 1..1000000: 0",
        "conn -p 70000|-p/--port must be 1..65535: 70000",
    })
    void usageErrorsExitTwo(String args, String message) {
        BenchCli r = BenchCli.run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpListsModesAndFlags() {
        BenchCli top = BenchCli.run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("pubsub").contains("pub").contains("sub").contains("conn");
        BenchCli pubsub = BenchCli.run("pubsub", "--help");
        assertThat(pubsub.code()).isZero();
        assertThat(pubsub.out()).contains("-h, --host=HOST").contains("-V, --mqtt-version=311|5").contains("--window")
                .contains("--rate").contains("--warmup").contains("--json").contains("%i");
        assertThat(BenchCli.run("conn", "--help").out()).contains("--conn-rate").contains("--hold");
        assertThat(BenchCli.run().code()).isEqualTo(2);
    }
}
