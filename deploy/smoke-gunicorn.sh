#!/usr/bin/env bash
# Production smoke test: gunicorn (3 workers) in production mode against PostgreSQL,
# static files from WhiteNoise; fetch the login page and its stylesheet.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/postgres-up
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='petrissage_smoke'" | grep -q 1 \
  || psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE petrissage_smoke"
export PETRISSAGE_ENV=production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/petrissage_smoke"
export SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export PETRISSAGE_VAR_DIR="$(mktemp -d)"
PORT="${SMOKE_PORT:-8077}"
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/gunicorn petrissage.wsgi --workers 3 --bind "127.0.0.1:${PORT}" --pid "$PETRISSAGE_VAR_DIR/gunicorn.pid" \
  --access-logfile - --error-logfile "$PETRISSAGE_VAR_DIR/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 40); do curl -s -o /dev/null "http://127.0.0.1:${PORT}/" && break; sleep 0.5; done
page=$(curl -s -H "X-Forwarded-Proto: https" -w '\n%{http_code}' "http://127.0.0.1:${PORT}/accounts/login/")
code=$(tail -n1 <<<"$page")
[ "$code" = 200 ] || { echo "login page returned $code"; cat "$PETRISSAGE_VAR_DIR/gunicorn.log"; exit 1; }
grep -q "Sign in to your practice" <<<"$page" || { echo "login page content missing"; exit 1; }
css=$(grep -o '/static/css/app\.[0-9a-f]*\.css' <<<"$page" | head -n1)
[ -n "$css" ] || { echo "hashed stylesheet link missing (manifest storage)"; exit 1; }
css_code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}${css}")
[ "$css_code" = 200 ] || { echo "stylesheet returned $css_code"; exit 1; }
redirect=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT}/accounts/login/")
[ "$redirect" = 301 ] || { echo "plain HTTP was not redirected to HTTPS ($redirect)"; exit 1; }
echo "gunicorn smoke test: login page 200, static $css 200, http→https 301"
