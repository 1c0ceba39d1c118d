#!/usr/bin/env bash
# Runs every test of Descent on a fresh machine: installs what the tests need (Debian's
# Jupyter client stack, Go modules), checks formatting, vet and generated files, runs the
# Go tests (golden torch replays included), a short fuzz of the message decoder, the real
# Jupyter client's kernel tests, an nbclient run of every tutorial notebook, and a widget
# driven in headless Chromium by ipywidgets' own widget manager.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3   # Debian's Python: the one with jupyter_client; not the python3 on PATH
step() { printf '\n=== %s\n' "$*"; }

step "install test dependencies"
if ! $PY -c 'import jupyter_client, jupyter_kernel_test, nbclient, ipykernel' 2>/dev/null \
   || ! command -v jupyter-nbconvert >/dev/null || ! command -v jupyter-console >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -E"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq jupyter-client python3-jupyter-kernel-test python3-nbclient \
    jupyter-nbconvert jupyter-console python3-ipykernel >/dev/null
fi
# scikit-learn: the reference tests/test_tutorials.py checks the real-data tutorial against.
if ! $PY -c 'import sklearn' 2>/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -E"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-sklearn >/dev/null
fi
go mod download

step "format, vet, generated files"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
go vet ./...
# Regenerate in a copy of the tree, so the check neither rewrites this checkout nor trips
# over unrelated uncommitted work, and compare what generation owns.
gen=$(mktemp -d)
git ls-files -z -co --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$gen"
(cd "$gen" && go generate ./...)
for owned in interp/symbols interp/compose/wrappers_gen.go; do
  if ! diff -r "$owned" "$gen/$owned" >/dev/null; then
    echo "generated files are stale: run 'go generate ./...' and commit $owned"
    diff -r "$owned" "$gen/$owned" | head -20
    exit 1
  fi
done
rm -rf "$gen"

step "go test"
go test -count=1 -timeout 10m ./...

step "fuzz the message decoder"
go test -run='^$' -fuzz='^FuzzDecode$' -fuzztime=150000x ./jupyter

step "build and install the kernel into a scratch Jupyter path"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/kernel" ./cmd/kernel
"$work/bin/kernel" install --prefix "$work/prefix"
export JUPYTER_PATH="$work/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$work/runtime"

step "headless notebook runs (kernel run)"
for nb in notebooks/*.ipynb; do
  "$work/bin/kernel" run "$nb" --out "$work/$(basename "$nb")"
done

step "real Jupyter clients (jupyter_kernel_test, nbclient, nbconvert, console)"
$PY -m unittest discover -v -s tests -p 'test_*.py'

step "a widget in a real browser (headless Chromium, the ipywidgets 8 manager from npm)"
$PY tests/browser/run_test.py

echo
echo "all tests passed"
