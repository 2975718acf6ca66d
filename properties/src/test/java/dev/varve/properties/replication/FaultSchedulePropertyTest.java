package dev.varve.properties.replication;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.varve.replication.TruncationProtocol;
import org.junit.jupiter.api.Test;

/**
 * The replication property over the default protocol (leader epochs): for every generated fault schedule on
 * 3 and 5 brokers, every invariant holds after every step, and the cluster converges once faults stop.
 * Examples: {@code varve.property.examples} schedules per cluster size (200 by default, 5000 under
 * {@code -Pdeep}); seed {@code varve.property.seed}, else a fresh one. A failure prints the seed and the shrunk
 * schedule as a scenario script (see {@link ScheduleSearch.Finding#report()}).
 */
class FaultSchedulePropertyTest {
    private static final String DEFAULT_PROTOCOL = TruncationProtocol.LEADER_EPOCH.configValue();

    private static void check(int brokers) {
        ScheduleSearch.Finding finding = ScheduleSearch.search(ScheduleSearch.seed(), ScheduleSearch.examples(),
                FaultScheduleGen.schedules(brokers, DEFAULT_PROTOCOL));
        assertNull(finding, () -> finding.report());
    }

    @Test
    void shouldHoldEveryInvariantAfterEveryStepOnThreeBrokers() {
        check(3);
    }

    @Test
    void shouldHoldEveryInvariantAfterEveryStepOnFiveBrokers() {
        check(5);
    }
}
