package org.mediadfs.storage.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeStatus;

class GroupMembersTest {
  static final HostPort TRACKER = new HostPort("127.0.0.1", 22122);
  static final Member SELF = new Member("self", "127.0.0.1", 23000, NodeStatus.ACTIVE);
  static final Member PEER = new Member("peer", "127.0.0.1", 23001, NodeStatus.ACTIVE);

  /**
   * Only a list answering a beat sent at or after the moment asked for counts as current: a member
   * may have joined a moment after the previous beat, however recent it was.
   */
  @Test
  void onlyAListAskedForAfterTheMomentCounts() throws Exception {
    GroupMembers m = new GroupMembers("self");
    long before = System.nanoTime();
    long asked = before + 1_000;
    assertThat(m.awaitAskedSince(asked, Duration.ZERO)).isFalse();

    m.update(TRACKER, 0, List.of(SELF), before);
    assertThat(m.known()).isTrue();
    assertThat(m.awaitAskedSince(asked, Duration.ofMillis(1))).isFalse();

    m.update(TRACKER, 0, List.of(SELF, PEER), asked);
    assertThat(m.awaitAskedSince(asked, Duration.ZERO)).isTrue();
    assertThat(m.peers()).containsExactly(PEER);

    // A late answer to an older beat does not move the moment back.
    m.update(TRACKER, 0, List.of(SELF, PEER), before);
    assertThat(m.awaitAskedSince(asked, Duration.ZERO)).isTrue();
  }
}
