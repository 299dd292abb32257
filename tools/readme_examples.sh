#!/bin/sh
# Runs every line of the README's examples block (after `<!-- examples -->`), in order,
# in a scratch folder holding a copy of fixtures/, with `ropa` the release binary.
# Stops at the first line that fails: the README's examples are checked to run.
#   sh tools/readme_examples.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/ropa"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/fixtures" "$scratch/"
cd "$scratch"
ropa() { "$bin" "$@"; }
n=0
awk '/<!-- examples -->/ {on=1; next} on && /^```sh/ {inside=1; next} inside && /^```/ {exit} inside {print}' "$root/README.md" > examples.sh
while IFS= read -r line; do
  [ -z "$line" ] && continue
  n=$((n + 1))
  printf '%s\n' "\$ $line" >&2
  eval "$line" > /dev/null
done < examples.sh
echo "$n README examples ran" >&2
