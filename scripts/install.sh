#!/bin/sh
# Installs minimax-tts from its GitHub release: picks the archive for this machine,
# checks its SHA-256 against the release's SHA256SUMS, and puts the binary in
# $MINIMAX_TTS_INSTALL_DIR (default ~/.local/bin).
#
#   curl -fsSL https://github.com/minimax-tts/minimax-tts/releases/latest/download/minimax-tts-installer.sh | sh
#
# MINIMAX_TTS_VERSION=0.1.0 picks a version (default: the latest release);
# MINIMAX_TTS_SHA256=<64 hex digits> pins the archive's checksum (checked instead of the
# release's SHA256SUMS, so a changed release is refused even with its list changed);
# MINIMAX_TTS_STATIC=1 takes the static build without audio device support on Linux;
# MINIMAX_TTS_DOWNLOAD_URL replaces the release's address (a mirror, or a directory for
# testing: file:///path/to/dist).
set -eu

repo="https://github.com/minimax-tts/minimax-tts"
version="${MINIMAX_TTS_VERSION:-}"
install_dir="${MINIMAX_TTS_INSTALL_DIR:-$HOME/.local/bin}"

say() { printf 'minimax-tts installer: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

os=$(uname -s)
arch=$(uname -m)
case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no release for the $arch architecture; build from source: cargo install minimax-tts" ;;
esac
case "$os" in
    Linux)
        if [ "${MINIMAX_TTS_STATIC:-}" = 1 ] || ! ldconfig -p 2>/dev/null | grep -q libasound.so.2; then
            # No ALSA (a container, a CI job): the static build, files and stdout only.
            target="$arch-unknown-linux-musl"
        else
            target="$arch-unknown-linux-gnu"
        fi
        ;;
    Darwin) target="$arch-apple-darwin" ;;
    *) fail "no release for $os; on Windows use minimax-tts-installer.ps1" ;;
esac

if [ -n "${MINIMAX_TTS_DOWNLOAD_URL:-}" ]; then
    base="$MINIMAX_TTS_DOWNLOAD_URL"
elif [ -n "$version" ]; then
    base="$repo/releases/download/v$version"
else
    base="$repo/releases/latest/download"
fi

fetch() { # URL FILE
    if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        case "$1" in
            file://*) cp "${1#file://}" "$2" ;;
            *) wget -q -O "$2" "$1" ;;
        esac
    else
        fail "neither curl nor wget is installed"
    fi
}

pin="${MINIMAX_TTS_SHA256:-}"
if [ -n "$pin" ]; then
    pin=$(printf '%s' "$pin" | tr 'A-F' 'a-f')
    case "$pin" in
        *[!0-9a-f]*) fail "MINIMAX_TTS_SHA256 is not a SHA-256 (64 hex digits)" ;;
    esac
    [ ${#pin} -eq 64 ] || fail "MINIMAX_TTS_SHA256 is not a SHA-256 (64 hex digits)"
fi

tmp=$(mktemp -d)
new=""
trap 'rm -rf "$tmp"; [ -z "$new" ] || rm -f "$new"' EXIT INT TERM
archive="minimax-tts-$target.tar.gz"
say "downloading $archive"
fetch "$base/$archive" "$tmp/$archive" || fail "cannot download $base/$archive"
if [ -n "$pin" ]; then
    expected=$pin
else
    fetch "$base/SHA256SUMS" "$tmp/SHA256SUMS" || fail "cannot download $base/SHA256SUMS"
    expected=$(awk -v f="$archive" '$2 == f { print $1 }' "$tmp/SHA256SUMS")
fi
if command -v sha256sum >/dev/null 2>&1; then
    actual=$(sha256sum "$tmp/$archive" | cut -d' ' -f1)
else
    actual=$(shasum -a 256 "$tmp/$archive" | cut -d' ' -f1)
fi
[ -n "$expected" ] || fail "SHA256SUMS lists no $archive"
[ "$expected" = "$actual" ] || fail "$archive has SHA-256 $actual, not $expected; not installed"
tar -xzf "$tmp/$archive" -C "$tmp"
binary="$tmp/minimax-tts-$target/minimax-tts"
[ -f "$binary" ] && [ ! -L "$binary" ] || fail "$archive holds no minimax-tts binary"
mkdir -p "$install_dir"
[ ! -d "$install_dir/minimax-tts" ] || [ -L "$install_dir/minimax-tts" ] \
    || fail "$install_dir/minimax-tts is a directory; not replaced"
# A new file of mktemp's (made, not opened: no planted name or link is written through),
# then renamed over the old one (a link there is replaced, never followed), atomically:
# a running minimax-tts keeps its old binary.
new=$(mktemp "$install_dir/.minimax-tts.XXXXXXXX") || fail "cannot write in $install_dir"
cat "$binary" >"$new"
chmod 755 "$new"
mv -f "$new" "$install_dir/minimax-tts"
new=""
say "installed $("$install_dir/minimax-tts" --version) in $install_dir"
case ":$PATH:" in
    *":$install_dir:"*) ;;
    *) say "add $install_dir to PATH, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
esac
