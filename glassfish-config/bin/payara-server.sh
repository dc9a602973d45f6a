#!/usr/bin/env bash
# payara-server.sh: the mediadfs EAR on Payara Server 7, one domain per instance.
#
#   payara-server.sh up     --home DIR --domain NAME --ear FILE --settings FILE [--timeout S] [--ready-path P]
#   payara-server.sh down   --home DIR --domain NAME
#   payara-server.sh status --home DIR --domain NAME      prints the server's pid (exit 1 when it is not running)
#   payara-server.sh asadmin --home DIR -- ARGS...         asadmin of the unpacked server, on JDK 25
#
# up: unpacks Payara Server into DIR/payara7 from the local Maven repository (only when it is not
# there yet), creates the domain DIR/domains/NAME with the settings' payara.portbase (only when it
# does not exist), writes the settings into the stopped domain (DomainConfigurer: heap, web port,
# HTTP threads, Hazelcast off, every mediadfs.* key as a system property), starts it, deploys the
# EAR when it is not the one deployed last time, and waits until the tracker and ID ports and the
# web (GET --ready-path, default /api/health: 200 when the tracker, ID server and database are up) answer. Settings: src/main/payara/mediadfs-server.properties.
#
# Environment: JAVA_HOME (JDK 25+; AS_JAVA is set from it), PAYARA_ZIP (use this payara-<v>.zip),
# MAVEN_REPO (default ~/.m2/repository).
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
MODULE="$(dirname "$HERE")"
PAYARA_VERSION="7.2025.1"
APP_NAME="mediadfs"
CONFIGURER="$MODULE/src/main/java/org/mediadfs/glassfish/DomainConfigurer.java"

die() { echo "payara-server: $*" >&2; exit 1; }
say() { echo "payara-server: $*"; }

# --- JDK 25 ------------------------------------------------------------------------------------
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
find_java_home() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [[ -n "$c" && -x "$c/bin/java" ]] && (( $(java_major "$c/bin/java") >= 25 )); then
      echo "$c"; return 0
    fi
  done
  return 1
}

# --- arguments ---------------------------------------------------------------------------------
CMD="${1:-}"; [[ $# -gt 0 ]] && shift
HOME_DIR=""; DOMAIN=""; EAR=""; SETTINGS=""; TIMEOUT=300; READY_PATH="/api/health"; PASSTHROUGH=()
while (($#)); do
  case "$1" in
    --home) HOME_DIR="$2"; shift 2 ;;
    --domain) DOMAIN="$2"; shift 2 ;;
    --ear) EAR="$2"; shift 2 ;;
    --settings) SETTINGS="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --ready-path) READY_PATH="$2"; shift 2 ;;
    --) shift; PASSTHROUGH=("$@"); break ;;
    *) die "unknown option: $1 (see the header of $0)" ;;
  esac
done
[[ -n "$HOME_DIR" ]] || die "--home DIR is required"
mkdir -p "$HOME_DIR"
HOME_DIR="$(cd "$HOME_DIR" && pwd)"
INSTALL="$HOME_DIR/payara7"
ASADMIN="$INSTALL/bin/asadmin"
DOMAINS="$HOME_DIR/domains"
DOMAIN_DIR="$DOMAINS/$DOMAIN"

JAVA_HOME="$(find_java_home)" || die "JDK 25 or newer is required (set JAVA_HOME)"
export JAVA_HOME AS_JAVA="$JAVA_HOME"

# --- helpers -----------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# http_status PORT PATH: the status code of GET PATH, or nothing when nothing answers
http_status() {
  ( exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
    local proto code rest
    IFS=' ' read -r -t 10 proto code rest <&3 || true
    echo "${code:-}" ) 2>/dev/null
}
server_pid() {
  local f="$DOMAIN_DIR/config/pid" p
  [[ -f "$f" ]] || return 1
  p="$(tr -dc '0-9' <"$f")"
  [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && echo "$p"
}
elapsed() { echo "$((SECONDS - $1)) s"; }
log_tail() { [[ -f "$DOMAIN_DIR/logs/server.log" ]] && grep -E 'SEVERE|Exception|Caused by' "$DOMAIN_DIR/logs/server.log" | tail -n 15 >&2 || true; }

# install: unzip Payara Server once (under a lock: two instances may start together)
install() {
  [[ -x "$ASADMIN" && -f "$INSTALL/.mediadfs-$PAYARA_VERSION" ]] && return 0
  exec 9>"$HOME_DIR/.install.lock"
  flock 9
  if [[ -x "$ASADMIN" && -f "$INSTALL/.mediadfs-$PAYARA_VERSION" ]]; then exec 9>&-; return 0; fi
  local repo="${MAVEN_REPO:-$HOME/.m2/repository}" t0=$SECONDS
  local zip="${PAYARA_ZIP:-$repo/fish/payara/distributions/payara/$PAYARA_VERSION/payara-$PAYARA_VERSION.zip}"
  if [[ ! -f "$zip" ]]; then
    say "fetching Payara Server $PAYARA_VERSION into the local Maven repository..."
    (cd "$MODULE" && mvn -B -q dependency:get -Dartifact="fish.payara.distributions:payara:$PAYARA_VERSION:zip") \
      || die "cannot fetch fish.payara.distributions:payara:$PAYARA_VERSION:zip"
  fi
  rm -rf "$INSTALL" "$HOME_DIR/.unpack"
  mkdir -p "$HOME_DIR/.unpack"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$HOME_DIR/.unpack"
  else
    (cd "$HOME_DIR/.unpack" && "$JAVA_HOME/bin/jar" xf "$zip")
    chmod +x "$HOME_DIR"/.unpack/payara7/bin/* "$HOME_DIR"/.unpack/payara7/glassfish/bin/*
  fi
  mv "$HOME_DIR/.unpack/payara7" "$INSTALL"
  rmdir "$HOME_DIR/.unpack"
  touch "$INSTALL/.mediadfs-$PAYARA_VERSION"
  exec 9>&-
  say "unpacked Payara Server $PAYARA_VERSION into $INSTALL ($(elapsed "$t0"))"
}

setting() { # key default: a value of the settings file (plain key=value lines)
  local v
  v="$(sed -n "s/^[[:space:]]*$1[[:space:]]*[=:][[:space:]]*//p" "$SETTINGS" | tail -n 1)"
  echo "${v:-$2}"
}

create_domain() {
  [[ -f "$DOMAIN_DIR/config/domain.xml" ]] && return 0
  local portbase t0=$SECONDS
  portbase="$(setting payara.portbase 28000)"
  say "creating domain $DOMAIN (port base $portbase: admin $((portbase + 48)), Hazelcast $((portbase + 49)))..."
  mkdir -p "$DOMAINS"
  "$ASADMIN" --interactive=false create-domain --domaindir "$DOMAINS" --portbase "$portbase" \
    --nopassword=true --checkports=true "$DOMAIN" >"$HOME_DIR/create-$DOMAIN.log" 2>&1 \
    || { cat "$HOME_DIR/create-$DOMAIN.log" >&2; die "create-domain $DOMAIN failed"; }
  say "created domain $DOMAIN ($(elapsed "$t0"))"
}

# configure: write the settings into the stopped domain; sets TRACKER_PORT ID_PORT HTTP_PORT ADMIN_PORT
configure() {
  local out line
  out="$("$JAVA_HOME/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 "$CONFIGURER" \
          "$DOMAIN_DIR/config/domain.xml" "$SETTINGS")" || die "the settings in $SETTINGS were not applied"
  sed -n 's/^domain: /payara-server: domain: /p' <<<"$out"
  line="$(grep '^ports ' <<<"$out")"
  TRACKER_PORT="$(sed -n 's/.*tracker=\([0-9]*\).*/\1/p' <<<"$line")"
  ID_PORT="$(sed -n 's/.* id=\([0-9]*\).*/\1/p' <<<"$line")"
  HTTP_PORT="$(sed -n 's/.*http=\([0-9]*\).*/\1/p' <<<"$line")"
  ADMIN_PORT="$(sed -n 's/.*admin=\([0-9]*\).*/\1/p' <<<"$line")"
}

deployed_sum_file() { echo "$DOMAIN_DIR/mediadfs-ear.sha256"; }
needs_deploy() {
  local f; f="$(deployed_sum_file)"
  [[ -f "$f" ]] || return 0
  grep -q "name=\"$APP_NAME\"" "$DOMAIN_DIR/config/domain.xml" || return 0
  [[ "$(sha256sum "$EAR" | cut -d' ' -f1)" != "$(cat "$f")" ]]
}

cmd_up() {
  [[ -n "$DOMAIN" && -n "$EAR" && -n "$SETTINGS" ]] || die "up needs --domain, --ear and --settings"
  [[ -f "$EAR" ]] || die "no EAR at $EAR (build it: mvn -pl ear package)"
  [[ -f "$SETTINGS" ]] || die "no settings file at $SETTINGS"
  local t0=$SECONDS pid
  if pid="$(server_pid)"; then
    say "domain $DOMAIN is already running (pid $pid); not starting a second copy"
    configure_ports_only
  else
    install
    create_domain
    configure
    local p
    for p in "$TRACKER_PORT" "$ID_PORT" "$HTTP_PORT" "$ADMIN_PORT"; do
      port_open "$p" && die "port $p is taken by another program; domain $DOMAIN cannot start"
    done
    local t1=$SECONDS
    "$ASADMIN" start-domain --domaindir "$DOMAINS" "$DOMAIN" >/dev/null \
      || { log_tail; die "start-domain $DOMAIN failed (log: $DOMAIN_DIR/logs/server.log)"; }
    pid="$(server_pid)" || die "domain $DOMAIN started but has no pid file"
    say "started domain $DOMAIN, pid $pid ($(elapsed "$t1"))"
  fi
  if needs_deploy; then
    local t2=$SECONDS
    say "deploying $(basename "$EAR")..."
    if ! "$ASADMIN" --port "$ADMIN_PORT" deploy --force=true --name "$APP_NAME" --contextroot / "$EAR" >"$HOME_DIR/deploy-$DOMAIN.log" 2>&1; then
      cat "$HOME_DIR/deploy-$DOMAIN.log" >&2; log_tail
      "$ASADMIN" stop-domain --domaindir "$DOMAINS" "$DOMAIN" >/dev/null 2>&1 || true
      die "deploying $EAR failed; domain $DOMAIN stopped (log: $DOMAIN_DIR/logs/server.log)"
    fi
    sha256sum "$EAR" | cut -d' ' -f1 >"$(deployed_sum_file)"
    say "deployed ($(elapsed "$t2"))"
  fi
  local deadline=$((SECONDS + TIMEOUT)) code=""
  until port_open "$TRACKER_PORT" && port_open "$ID_PORT" && [[ "$(http_status "$HTTP_PORT" "$READY_PATH")" == 200 ]]; do
    server_pid >/dev/null || { log_tail; die "domain $DOMAIN exited while starting (log: $DOMAIN_DIR/logs/server.log)"; }
    (( SECONDS < deadline )) || { log_tail; die "mediadfs on domain $DOMAIN did not answer within $TIMEOUT s (tracker :$TRACKER_PORT, ID :$ID_PORT, GET :$HTTP_PORT$READY_PATH)"; }
    sleep 0.5
  done
  say "ready: tracker :$TRACKER_PORT, ID server :$ID_PORT, web http://127.0.0.1:$HTTP_PORT/, admin :$ADMIN_PORT, pid $(server_pid) ($(elapsed "$t0"))"
}

# for a domain that already runs: the ports from the settings, without touching domain.xml
configure_ports_only() {
  TRACKER_PORT="$(setting mediadfs.tracker.port 21000)"
  ID_PORT="$(setting mediadfs.id.port 22000)"
  HTTP_PORT="$(setting payara.http-port 8080)"
  ADMIN_PORT="$(sed -n 's/.*port="\([0-9]*\)"[^>]*name="admin-listener".*/\1/p; s/.*name="admin-listener"[^>]*port="\([0-9]*\)".*/\1/p' "$DOMAIN_DIR/config/domain.xml" | head -n 1)"
}

cmd_down() {
  [[ -n "$DOMAIN" ]] || die "down needs --domain"
  local pid
  if ! pid="$(server_pid)"; then say "domain $DOMAIN is not running"; return 0; fi
  "$ASADMIN" stop-domain --domaindir "$DOMAINS" "$DOMAIN" >/dev/null 2>&1 || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; say "domain $DOMAIN did not stop in 30 s: killed"; else say "stopped domain $DOMAIN"; fi
}

cmd_status() {
  [[ -n "$DOMAIN" ]] || die "status needs --domain"
  server_pid || exit 1
}

case "$CMD" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  asadmin) install; exec "$ASADMIN" "${PASSTHROUGH[@]}" ;;
  *) sed -n '2,20p' "$0"; exit 2 ;;
esac
