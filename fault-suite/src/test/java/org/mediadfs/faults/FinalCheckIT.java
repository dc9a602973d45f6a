package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other class of the module (class order by {@link Order}, see {@code
 * junit-platform.properties}): the invariant over every file acknowledged in the whole run, with
 * full bytes from every member of its group, and no violation recorded by any run.
 */
@ExtendWith(SuiteExtension.class)
@Order(Integer.MAX_VALUE)
class FinalCheckIT {
  @Test
  void everythingAcknowledgedIsIntactOnEveryMember(Suite suite) {
    suite.log().event("suite", "final check: every acknowledged file, full bytes, every member");
    Invariants.check(suite, "final", e -> true);
    assertThat(suite.ledger().violations())
        .as("violations of the whole run (seed %s)", suite.settings().seedText())
        .isEmpty();
    assertThat(suite.ledger().uploadsAcked.get())
        .as("the workload stored something to check")
        .isPositive();
  }
}
