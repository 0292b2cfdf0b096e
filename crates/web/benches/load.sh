#!/usr/bin/env bash
# Load test of the reader (issue 5): with 10,000 stories stored, wrk on loopback for 30 s
# against the front page and a story page of `tidings serve` (release build), and against
# nginx serving the same two pages saved as static files, in the same run.
#
#   crates/web/benches/load.sh            # needs wrk and nginx (apt-get install -y wrk nginx)
#   STORIES=10000 DURATION=30s THREADS=2 CONNECTIONS=32 crates/web/benches/load.sh
#
# Everything listens on 127.0.0.1 only; both servers are stopped on exit (by their pids).
set -euo pipefail

STORIES=${STORIES:-10000}
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
OURS_PORT=${OURS_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}

root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/tidings-load.XXXXXX)
serve_pid=""
nginx_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "load.sh: $tool is needed" >&2; exit 2; }
done

cd "$root"
cargo build --release -q -p tidings -p tidings-web --example fillstore
echo "== filling $work/data with $STORIES stories" >&2
target/release/examples/fillstore "$work/data" "$STORIES"

target/release/tidings --data "$work/data" serve --listen "127.0.0.1:$OURS_PORT" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$OURS_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
story=$(curl -fsS "http://127.0.0.1:$OURS_PORT/api/v1/stories?limit=1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
[ -n "$story" ] || { echo "load.sh: no story id from the API" >&2; exit 1; }

mkdir -p "$work/static/story"
curl -fsS "http://127.0.0.1:$OURS_PORT/" -o "$work/static/index.html"
curl -fsS "http://127.0.0.1:$OURS_PORT/story/$story" -o "$work/static/story/$story.html"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/static;
    location = / { try_files /index.html =404; }
    location /story/ { try_files \$uri.html =404; }
  }
}
CONF
mkdir -p "$work/nginx-tmp"
chmod -R a+rX "$work"
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$NGINX_PORT/" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "== front page: $(wc -c <"$work/static/index.html") bytes; story $story: $(wc -c <"$work/static/story/$story.html") bytes" >&2
run() {
  local name=$1 url=$2
  echo "== $name  $url"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" \
    | grep -E 'Requests/sec|Transfer/sec| 50%| 99%|Non-2xx|Socket errors|requests in'
}
run "tidings front" "http://127.0.0.1:$OURS_PORT/"
run "nginx front  " "http://127.0.0.1:$NGINX_PORT/"
run "tidings story" "http://127.0.0.1:$OURS_PORT/story/$story"
run "nginx story  " "http://127.0.0.1:$NGINX_PORT/story/$story"
