#!/usr/bin/env bash
# Install Debian packages that are not installed yet.
#
# Usage: scripts/apt-install.sh PACKAGE...
#
# Asking dpkg first keeps `make demo` / `make test` quick on a machine that
# already has everything (no `apt-get update`, no root needed then). Only when
# something is missing do we refresh the package lists and install it, without
# recommends (they would pull in hundreds of MB we do not use) and without any
# prompt (CI runs with no stdin).
set -euo pipefail

missing=()
for pkg in "$@"; do
    # `dpkg -s` also succeeds for removed packages whose config files remain,
    # so ask for the exact status word instead.
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "==> Installing Debian packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
