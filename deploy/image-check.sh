#!/usr/bin/env bash
# Runs what the Dockerfile runs, without a Docker daemon: copies exactly the build
# stage's COPY sources into an empty context, builds the binary with the same cargo
# command, then starts it as in the runtime stage (same ENV with the paths moved
# under a scratch root, non-root user, `--config .../bot.toml serve`) and runs the
# HEALTHCHECK command until it passes; then stops it with SIGTERM. Lints the
# Dockerfile with hadolint when one is on PATH (or in $HADOLINT).
#
#   bash deploy/image-check.sh                 # release, as the image
#   PROFILE=dev CARGO_TARGET_DIR=target bash deploy/image-check.sh   # quicker
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
profile="${PROFILE:-release}"
# A relative CARGO_TARGET_DIR means the repository's, not the scratch context's.
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$repo/$CARGO_TARGET_DIR" ;; esac
  export CARGO_TARGET_DIR
fi
work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

hadolint="${HADOLINT:-$(command -v hadolint || true)}"
if [ -n "$hadolint" ]; then
  "$hadolint" "$repo/Dockerfile"
  echo "hadolint: no findings"
else
  echo "hadolint not found: Dockerfile not linted"
fi

# 1. The build stage: its COPY lines, in order, into an empty context.
ctx="$work/src"
mkdir -p "$ctx"
sed -n '/^FROM .* AS build/,/^FROM /p' "$repo/Dockerfile" | grep '^COPY ' | while read -r _ args; do
  read -r -a parts <<<"$args"
  dest="${parts[-1]}"
  for src in "${parts[@]:0:${#parts[@]}-1}"; do
    if [ "$dest" = "./" ]; then
      cp -a "$repo/$src" "$ctx/"
    else
      mkdir -p "$ctx/$dest" && cp -a "$repo/$src/." "$ctx/$dest/"
    fi
  done
done
# .dockerignore: no database or stored files from the developer's data/.
rm -rf "$ctx/data/contigo.db"* "$ctx/data/files" "$ctx/target"
(cd "$ctx" && if [ "$profile" = release ]; then
   cargo build --release --locked --bin contigo-bot
 else
   cargo build --profile "$profile" --locked --bin contigo-bot
 fi)
target="${CARGO_TARGET_DIR:-$ctx/target}"
dir="$profile"; [ "$profile" = dev ] && dir=debug
bin="$target/$dir/contigo-bot"

# 2. The runtime stage, under a scratch root standing for the image's filesystem.
root="$work/root"
mkdir -p "$root/usr/local/bin" "$root/etc/contigo" "$root/var/lib/contigo/data"
cp "$bin" "$root/usr/local/bin/contigo-bot"
cp "$repo/bot.toml" "$root/etc/contigo/bot.toml"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
as_user=()
if [ "$(id -u)" = 0 ]; then
  # The image runs as uid 10001; here an unprivileged uid that exists: nobody.
  chown -R 65534:65534 "$root/var/lib/contigo"
  chmod 755 "$work" "$root" "$root/var" "$root/var/lib"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
(
  cd "$root/var/lib/contigo"
  export CONTIGO__HTTP__LISTEN="127.0.0.1:$port" \
    CONTIGO__DATABASE__URL="sqlite://$root/var/lib/contigo/data/contigo.db" \
    CONTIGO__STORAGE__DIR="$root/var/lib/contigo/data/files" \
    RUST_LOG=info,sqlx=warn
  exec "${as_user[@]}" "$root/usr/local/bin/contigo-bot" --config "$root/etc/contigo/bot.toml" serve
) >"$work/serve.log" 2>&1 &
pid=$!

# 3. The HEALTHCHECK: start period 20 s, then it must pass.
for _ in $(seq 1 40); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then healthy=1; break; fi
  sleep 0.5
done
if [ -z "${healthy:-}" ]; then
  echo "HEALTHCHECK failed"; cat "$work/serve.log"; exit 1
fi
echo "HEALTHCHECK: /healthz answered 200"
user="$(ps -o user= -p "$(pgrep -P "$pid" contigo-bot || echo "$pid")" | tr -d ' ')"
echo "serve runs as: $user"
[ "$user" != root ] || { echo "runs as root"; exit 1; }
test -f "$root/var/lib/contigo/data/contigo.db" || { echo "no database in the data volume"; exit 1; }
echo "database in the data volume: $(du -h "$root/var/lib/contigo/data/contigo.db" | cut -f1)"
kill -TERM "$pid"
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "serve did not stop on SIGTERM"; exit 1; fi
echo "stopped on SIGTERM"
echo "image check passed ($profile build, binary $(du -h "$bin" | cut -f1))"
