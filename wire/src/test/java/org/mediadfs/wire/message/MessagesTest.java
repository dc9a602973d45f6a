package org.mediadfs.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;

/** Invariants of the message records themselves. */
class MessagesTest {
  @Test
  void helloCopiesItsArraysAndComparesByContent() {
    byte[] nonce = new byte[16];
    byte[] proof = new byte[32];
    Request.Hello h = new Request.Hello(1, "n", 5, nonce, proof);
    nonce[0] = 9;
    proof[0] = 9;
    assertThat(h.nonce()[0]).isZero();
    h.nonce()[1] = 7;
    assertThat(h.nonce()[1]).isZero();
    assertThat(h).isEqualTo(new Request.Hello(1, "n", 5, new byte[16], new byte[32]));
    assertThat(h.hashCode())
        .isEqualTo(new Request.Hello(1, "n", 5, new byte[16], new byte[32]).hashCode());
    assertThat(h).isNotEqualTo(new Request.Hello(1, "n", 5, new byte[16], proof));
    assertThat(h.toString()).doesNotContain("proof");
  }

  @Test
  void helloArraysHaveFixedSizes() {
    assertThatThrownBy(() -> new Request.Hello(1, "", 0, new byte[15], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Request.Hello(1, "", 0, new byte[16], new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Response.Hello(1, "", new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listsAreCopiedSoMessagesStayImmutable() {
    List<HostPort> addrs = new ArrayList<>(List.of(new HostPort("h", 1)));
    Response.StorageAddrs r = new Response.StorageAddrs("g", addrs);
    addrs.clear();
    assertThat(r.addresses()).hasSize(1);
    assertThatThrownBy(() -> r.addresses().add(new HostPort("x", 2)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void payloadLengthIsTheFileBytesOnlyForFileCarryingMessages() {
    IdBlock ids = new IdBlock("a", "u", "f");
    assertThat(new Request.Upload(ids, 7).payloadLength()).isEqualTo(7);
    assertThat(new Request.UploadEx(ids, 8, "", -1).payloadLength()).isEqualTo(8);
    assertThat(new Request.Download(ids, 0, 9).payloadLength()).isZero();
    assertThat(new Response.Download(9).payloadLength()).isEqualTo(9);
    FileMeta m = new FileMeta("f", "a", "u", 11, 0, "", FileStatus.ACTIVE, "p", 0, 0);
    assertThat(new Response.ReplFile(m).payloadLength()).isEqualTo(11);
    assertThat(new Response.Stat(m).payloadLength()).isZero();
  }

  @Test
  void everyRequestNamesItsCommand() {
    IdBlock ids = new IdBlock("a", "u", "f");
    assertThat(new Request.Join("", "", "", 0, 0, 0).command()).isEqualTo(Command.JOIN);
    assertThat(new Request.Delete(ids).command()).isEqualTo(Command.DELETE);
    assertThat(new Request.ListFiles("", "", 1, false).command()).isEqualTo(Command.LIST);
    assertThat(new Request.ReplNotify("", 1).command()).isEqualTo(Command.REPL_NOTIFY);
  }

  @Test
  void errorRecordMapsItsNumber() {
    assertThat(new Response.Error(ErrorCode.DISK_FULL, "x").number()).isEqualTo((short) 30);
    assertThat(new Response.Error((short) 30, "x").code()).isEqualTo(ErrorCode.DISK_FULL);
    assertThat(new Response.Error((short) -1, "x").code()).isEqualTo(ErrorCode.GENERIC);
  }

  @Test
  void hostPortParsesAndPrintsIpv4Ipv6AndNames() {
    assertThat(HostPort.parse("127.0.0.1:23000")).isEqualTo(new HostPort("127.0.0.1", 23000));
    assertThat(HostPort.parse(" [::1]:23001 ")).isEqualTo(new HostPort("::1", 23001));
    assertThat(new HostPort("::1", 23001).toString()).isEqualTo("[::1]:23001");
    assertThat(HostPort.parse("node-1.example:1").toString()).isEqualTo("node-1.example:1");
    for (String bad : new String[] {"", "h", "h:", ":1", "h:0", "h:65536", "h:x"}) {
      assertThatThrownBy(() -> HostPort.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void enumCodesAreExplicitAndLookedUp() {
    assertThat(NodeStatus.of(2)).isEqualTo(NodeStatus.ACTIVE);
    assertThat(NodeStatus.OFFLINE.code()).isZero();
    assertThat(NodeStatus.DRAINING.code()).isEqualTo(4);
    assertThat(FileStatus.DELETED.code()).isEqualTo(1);
    assertThat(FileStatus.PURGED.code()).isEqualTo(2);
    assertThat(LogOp.PUT.code()).isEqualTo(1);
    assertThat(LogOp.PURGE.code()).isEqualTo(4);
    assertThatThrownBy(() -> NodeStatus.of(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileStatus.of(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogOp.of(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void freeBytesCountsOnlyWritableRoots() {
    NodeInfo n =
        new NodeInfo(
            "g",
            "n",
            "v",
            "h",
            "h",
            1,
            NodeStatus.ACTIVE,
            0,
            0,
            0,
            10,
            List.of(new RootStat("a", 100, 40, false), new RootStat("b", 100, 50, true)),
            Load.IDLE,
            List.of());
    assertThat(n.freeBytes()).isEqualTo(40);
  }
}
