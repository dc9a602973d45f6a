package org.mediadfs.wire;

import java.util.Optional;

/**
 * Every command code of the protocol, defined once (issue 2). Codes 10–13, 40, 70–73 and the
 * replies 100–102 are the original's and keep their byte layouts; the others are mediadfs
 * extensions. Codes are explicit and stable: never derive them from {@code ordinal()}.
 *
 * <p>The tracker answers with {@link #TRACKER_REPLY}, the ID server with {@link #ID_REPLY} and a
 * storage node with {@link #STORAGE_REPLY}, whatever the request.
 */
public enum Command {
  /** Storage joins a tracker (original, 171-byte body). */
  JOIN(10, Server.TRACKER),
  /** Storage heartbeat (original, 146-byte body). */
  BEAT(11, Server.TRACKER),
  /** Client asks for the storage addresses of a user's group (original, 400-byte ID block). */
  STORAGE_ADDRS(12, Server.TRACKER),
  /** Text dump of every group (original). */
  GROUPS(13, Server.TRACKER),
  /** Protocol version and cluster-secret proof; sent first on a connection (extension). */
  HELLO(14, Server.ANY),
  /** Join by node ID with the advertised address (extension). */
  JOIN_EX(15, Server.TRACKER),
  /** Heartbeat with free space, load and lag; the reply lists the group's members (extension). */
  BEAT_EX(16, Server.TRACKER),
  /** Structured list of every node and its live state, for monitors (extension). */
  NODES(17, Server.TRACKER),
  /** Next ID for a key (original). */
  ID_GET(40, Server.ID),
  /** A run of consecutive IDs for a key, for callers that need many (extension). */
  ID_RANGE(41, Server.ID),
  /** Upload a file (original): ID block, size, then the bytes. */
  UPLOAD(70, Server.STORAGE),
  /** Size of a file (original). */
  FILE_SIZE(71, Server.STORAGE),
  /** Download a range of a file (original). */
  DOWNLOAD(72, Server.STORAGE),
  /** Delete a file (original; a soft delete here). */
  DELETE(73, Server.STORAGE),
  /** Upload with content type and checksum (extension). */
  UPLOAD_EX(74, Server.STORAGE),
  /** Metadata of a file (extension). */
  STAT(75, Server.STORAGE),
  /** Paged list of a node's files (extension). */
  LIST(76, Server.STORAGE),
  /** Undo a soft delete (extension). */
  RESTORE(77, Server.STORAGE),
  /** Remove a file for good, leaving a tombstone (extension). */
  PURGE(78, Server.STORAGE),
  /** Read a peer's replication log from a sequence number (extension). */
  REPL_LOG(80, Server.STORAGE),
  /** Fetch one file with its metadata from a peer (extension). */
  REPL_FETCH(81, Server.STORAGE),
  /** Tell a peer that the log grew, so it pulls at once (extension). */
  REPL_NOTIFY(82, Server.STORAGE),
  /** Every tracker reply (original). */
  TRACKER_REPLY(100, Server.NONE),
  /** Every ID server reply (original). */
  ID_REPLY(101, Server.NONE),
  /** Every storage reply (original). */
  STORAGE_REPLY(102, Server.NONE);

  /** Which kind of server a request is meant for. */
  public enum Server {
    TRACKER,
    ID,
    STORAGE,
    ANY,
    NONE
  }

  private static final Command[] BY_CODE = new Command[256];

  static {
    for (Command c : values()) {
      BY_CODE[c.code] = c;
    }
  }

  private final int code;
  private final Server server;

  Command(int code, Server server) {
    this.code = code;
    this.server = server;
  }

  /** The byte on the wire, 0–255. */
  public int code() {
    return code;
  }

  /** The kind of server that handles this request. */
  public Server server() {
    return server;
  }

  /** True for the three reply codes. */
  public boolean isReply() {
    return server == Server.NONE;
  }

  /** The command with this code, if any. */
  public static Optional<Command> find(int code) {
    return code >= 0 && code < 256 ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
  }

  /**
   * The command with this code.
   *
   * @throws UnknownCommandException if no command has it
   */
  public static Command of(int code) throws UnknownCommandException {
    return find(code).orElseThrow(() -> new UnknownCommandException(code));
  }
}
