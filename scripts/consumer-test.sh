#!/usr/bin/env bash
# Consumer test of the published form of the packages, outside the workspace.
#
#   bash scripts/consumer-test.sh consumer   packs every public package with `pnpm pack`, installs
#                                            the tarballs with npm in a fresh project in a temp
#                                            folder, type-checks packages/consumer-test/fixture
#                                            strictly (NodeNext, skipLibCheck: false), runs it as
#                                            ESM and as CommonJS, and runs the installed CLI.
#   bash scripts/consumer-test.sh template   copies examples/plugin-template out of the workspace,
#                                            installs @messagesend/core from its packed tarball,
#                                            builds the copy and runs its tests (vitest and node:test).
#
# The packages must be built first (`pnpm build`). Third-party dependencies come from the npm
# registry (or npm's cache). The temp folder is removed on exit unless KEEP_CONSUMER_DIR=1.
set -euo pipefail

mode=${1:?usage: consumer-test.sh consumer|template}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/messagesend-consumer.XXXXXX")
case "$work" in "$root"/*) echo "consumer-test: the temp folder is inside the workspace" >&2; exit 1 ;; esac
if [ "${KEEP_CONSUMER_DIR:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
npm_install() { npm install --no-audit --no-fund --prefer-offline --loglevel=error "$@"; }

# pack DIR: the tarball path of `pnpm pack` for the package in DIR (workspace: ranges are replaced).
pack() {
  local out
  out=$(cd "$root/$1" && pnpm pack --pack-destination "$work/tarballs" 2>/dev/null | tail -n 1)
  case "$out" in /*) ;; *) out="$work/tarballs/$out" ;; esac
  [ -f "$out" ] || { echo "consumer-test: pnpm pack of $1 gave no tarball ($out)" >&2; exit 1; }
  # What a tarball ships: its package.json, README, LICENSE and dist, never sources or tests.
  local listing
  listing=$(tar -tzf "$out")
  for want in package/package.json package/README.md package/LICENSE; do
    grep -qx "$want" <<<"$listing" || { echo "consumer-test: $1 tarball lacks $want" >&2; exit 1; }
  done
  if grep -E '^package/(src|test)/' <<<"$listing" >/dev/null; then
    echo "consumer-test: $1 tarball ships src/ or test/" >&2
    exit 1
  fi
  if tar -xzOf "$out" package/package.json | grep -q '"workspace:'; then
    echo "consumer-test: $1 tarball still has a workspace: range" >&2
    exit 1
  fi
  echo "$out"
}

mkdir -p "$work/tarballs"
node_types=$(node -p "require('$root/package.json').devDependencies['@types/node']")
typescript=$(node -p "require('$root/package.json').devDependencies.typescript")

case "$mode" in
consumer)
  tarballs=()
  for dir in packages/core packages/sip-ua packages/pjsip packages/sip packages/xmpp packages/dialplan packages/redis packages/gateway packages/cli; do
    tarballs+=("$(pack "$dir")")
    echo "packed $dir"
  done
  app="$work/app"
  mkdir -p "$app"
  cp "$root/packages/consumer-test/fixture/consumer.ts" "$root/packages/consumer-test/fixture/consumer-cjs.cts" \
    "$root/packages/consumer-test/fixture/tsconfig.json" "$app/"
  cd "$app"
  printf '{ "name": "consumer", "private": true, "type": "module" }\n' >package.json
  npm_install "${tarballs[@]}" "typescript@$typescript" "@types/node@$node_types"
  # Nothing of ours may have come from the registry: every @messagesend package is the tarball.
  for name in core sip-ua pjsip sip xmpp dialplan redis gateway cli; do
    resolved=$(node -p "require('./package-lock.json').packages['node_modules/@messagesend/$name'].resolved")
    case "$resolved" in file:*) ;; *) echo "consumer-test: @messagesend/$name resolved to $resolved" >&2; exit 1 ;; esac
  done
  echo "installed"
  npx tsc -p tsconfig.json
  echo "type-checked"
  node dist/consumer.js
  node dist/consumer-cjs.cjs
  echo "cli version $(./node_modules/.bin/messagesend --version)"
  ./node_modules/.bin/messagesend verify pjsip:alice --config-dir "$root/packages/consumer-test/fixture" >"$work/verify.txt"
  echo "cli verify exit 0: $(grep -c 'sip:alice@127.0.0.1:5062' "$work/verify.txt") line(s) name the contact"
  ;;
template)
  core=$(pack packages/core)
  echo "packed packages/core"
  copy="$work/messagesend-mytech"
  mkdir -p "$copy"
  (cd "$root/examples/plugin-template" && tar -cf - --exclude=node_modules --exclude=dist .) | tar -xf - -C "$copy"
  cd "$copy"
  npm pkg set "devDependencies.@messagesend/core=file:$core"
  npm_install
  echo "installed"
  npm run --silent build
  npm run --silent typecheck
  echo "built"
  npm test
  echo "vitest passed"
  npm run --silent test:node
  echo "node:test passed"
  ;;
*)
  echo "usage: consumer-test.sh consumer|template" >&2
  exit 2
  ;;
esac
