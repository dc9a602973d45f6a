package org.mediadfs.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.storage.store.RootChooser.Candidate;

class RootChooserTest {
  @Test
  void picksTheRootWithTheMostRoom() {
    List<Candidate> cs =
        List.of(
            new Candidate(100, 10, 0, false),
            new Candidate(500, 10, 0, false),
            new Candidate(300, 10, 0, false));
    assertThat(RootChooser.choose(cs, 1)).hasValue(1);
  }

  @Test
  void countsReservedSpaceAndUploadsInFlight() {
    List<Candidate> cs =
        List.of(new Candidate(1000, 900, 0, false), new Candidate(1000, 100, 850, false));
    // room: 100 and 50
    assertThat(RootChooser.choose(cs, 60)).hasValue(0);
    assertThat(RootChooser.choose(cs, 100)).hasValue(0);
    assertThat(RootChooser.choose(cs, 101)).isEmpty();
  }

  @Test
  void skipsReadOnlyRootsEvenWhenTheyHaveRoom() {
    List<Candidate> cs =
        List.of(new Candidate(10_000, 0, 0, true), new Candidate(100, 0, 0, false));
    assertThat(RootChooser.choose(cs, 50)).hasValue(1);
    assertThat(RootChooser.choose(cs, 500)).isEmpty();
  }

  @Test
  void reservedSpaceReachedMeansDiskFull() {
    assertThat(RootChooser.choose(List.of(new Candidate(100, 200, 0, false)), 0)).isEmpty();
  }

  @Test
  void tiesGoToTheFirstRoot() {
    List<Candidate> cs = List.of(new Candidate(100, 0, 0, false), new Candidate(100, 0, 0, false));
    assertThat(RootChooser.choose(cs, 1)).hasValue(0);
  }
}
