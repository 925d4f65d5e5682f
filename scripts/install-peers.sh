#!/usr/bin/env bash
# Installs the real peers the tests talk to (SIPp, Kamailio, baresip, Prosody, ejabberd and slixmpp, Redis,
# systemd-analyze for the unit file, openssl for test certificates)
# from Debian's packages, when they are missing. Never skips silently: when it cannot install, it
# fails and prints the exact command to run.
set -euo pipefail

declare -A package_for=([sipp]=sip-tester [kamailio]=kamailio [baresip]=baresip [prosody]=prosody [prosodyctl]=prosody [openssl]=openssl [ejabberdctl]=ejabberd [systemd-analyze]=systemd [redis-server]=redis-server)
missing=()
for command in sipp kamailio baresip prosody prosodyctl openssl ejabberdctl systemd-analyze redis-server; do
  if ! command -v "$command" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$command" ]; then
    package=${package_for[$command]}
    [[ " ${missing[*]-} " == *" $package "* ]] || missing+=("$package")
  fi
done
# slixmpp is a Python module (the independent XMPP client), checked with Debian's python3.
if ! /usr/bin/python3 -c 'import slixmpp' >/dev/null 2>&1; then
  missing+=(python3-slixmpp)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "peers: sipp, kamailio, baresip, prosody, ejabberd, python3-slixmpp, redis-server, systemd-analyze and openssl are installed"
  exit 0
fi

install="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "peers: missing ${missing[*]} and this machine has no apt-get; install them (Debian/Ubuntu: $install)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "peers: missing ${missing[*]}; run as root: sudo sh -c '$install'" >&2
    exit 1
  fi
fi

echo "peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
${sudo:-} apt-get update -qq
${sudo:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "peers: installed ${missing[*]}"
