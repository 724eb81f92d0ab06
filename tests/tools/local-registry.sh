# Sourced by the scripts that need a throwaway registry (the registry part of `make demo`, and
# bench/registry.sh and bench/webhook.sh): Debian's docker-registry on 127.0.0.1, on a free
# port, with its storage in $TMP (which the caller makes and removes).
#   start_local_registry   sets HOST (127.0.0.1:PORT) and REGISTRY_PID; fails if it does not start
#   stop_local_registry    stops it (again is fine)
start_local_registry() {
  HOST=127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat > "$TMP/registry.yml" << CONFIG
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $TMP/storage}}
http: {addr: $HOST}
CONFIG
  /usr/bin/docker-registry serve "$TMP/registry.yml" > "$TMP/registry.log" 2>&1 &
  REGISTRY_PID=$!
  for _ in $(seq 100); do
    curl -sf "http://$HOST/v2/" > /dev/null && return 0
    sleep 0.1
  done
  cat "$TMP/registry.log" >&2
  return 1
}

stop_local_registry() {
  if [ -n "${REGISTRY_PID:-}" ]; then
    kill "$REGISTRY_PID" 2> /dev/null || true
    wait "$REGISTRY_PID" 2> /dev/null || true
    REGISTRY_PID=
  fi
}
