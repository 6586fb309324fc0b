#!/usr/bin/env bash
# Whole-process timings and peak memory of the release binary, start-up included:
# the figures docs/performance.md quotes. Needs hyperfine and GNU time
# (Debian: apt-get install hyperfine time).
#
#   benches/whole-process.sh            # builds the release binary first
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/placemap
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The world scene of benches/render.rs: 50 markers and 10 routes of five stops.
cities=(
    "Tokyo"
    "Delhi"
    "Shanghai"
    "São Paulo"
    "Mexico City"
    "Cairo"
    "Mumbai"
    "Beijing"
    "Dhaka"
    "Osaka"
    "New York"
    "Karachi"
    "Buenos Aires"
    "Istanbul"
    "Kolkata"
    "Manila"
    "Lagos"
    "Rio de Janeiro"
    "Tianjin"
    "Kinshasa"
    "Guangzhou"
    "Los Angeles"
    "Moscow"
    "Shenzhen"
    "Lahore"
    "Bangalore"
    "Paris"
    "Bogotá"
    "Jakarta"
    "Chennai"
    "Lima"
    "Bangkok"
    "Seoul"
    "Nagoya"
    "Hyderabad"
    "London"
    "Tehran"
    "Chicago"
    "Chengdu"
    "Nanjing"
    "Ho Chi Minh City"
    "Luanda"
    "Kuala Lumpur"
    "Hong Kong"
    "Riyadh"
    "Baghdad"
    "Santiago"
    "Madrid"
    "Toronto"
    "Sydney"
)
world=()
for c in "${cities[@]}"; do world+=(--mark "$c"); done
for r in $(seq 0 9); do
    stops=()
    for s in $(seq 0 4); do stops+=("${cities[$(((r * 7 + s * 11) % 50))]}"); done
    world+=(--route "$(IFS='>'; echo "${stops[*]}")")
done

hyperfine --warmup 1 --runs 5 --style basic --export-markdown "$out/times.md" \
    -n "resolve Samarkand" "$bin resolve Samarkand" \
    -n "resolve 5 names, JSON" "$bin resolve --format json Samarkand Peking 'Paris, Texas' Казахстан Kyiv" \
    -n "render SCO to SVG" "$bin render examples/sco-samarkand.json -o $out/sco.svg" \
    -n "render SCO to PNG" "$bin render examples/sco-samarkand.json -o $out/sco.png" \
    -n "render SCO to PDF" "$bin render examples/sco-samarkand.json -o $out/sco.pdf" \
    -n "export SCO to GeoJSON" "$bin export examples/sco-samarkand.json -o $out/sco.geojson" \
    -n "render world, 50 markers, 10 routes, to PNG" "$bin render ${world[*]@Q} -o $out/world.png" \
    -n "extract the seed article" "$bin extract tests/fixtures/sco-samarkand-article.txt --format jsonl" \
    -n "draft and render the seed article to PNG" "$bin render --article tests/fixtures/sco-samarkand-article.txt -o $out/article.png" >/dev/null
cat "$out/times.md"
# 200,000 names on stdin: the 50 cities above, over and over.
for _ in $(seq 4000); do printf '%s\n' "${cities[@]}"; done >"$out/names.txt"
echo
hyperfine --warmup 1 --runs 5 --style basic --export-markdown "$out/batch.md" \
    -n "resolve 200,000 names from stdin to CSV" "$bin resolve --format csv - < $out/names.txt" \
    -n "the same to JSON lines" "$bin resolve --format jsonl - < $out/names.txt" >/dev/null
cat "$out/batch.md"
# The extraction development set (not in the repository; GPL): PLACEMAP_LGL or ../shared/eval.
lgl=${PLACEMAP_LGL:-../shared/eval/lgl.docs.jsonl}
if [ -f "$lgl" ]; then
    echo
    hyperfine --warmup 1 --runs 3 --style basic --export-markdown "$out/lgl.md" \
        -n "extract the development set (588 documents), all cores" "$bin extract $lgl --format jsonl" \
        -n "the same on one core" "$bin extract $lgl --format jsonl --threads 1" >/dev/null
    cat "$out/lgl.md"
fi
echo
echo "| command | peak memory (max RSS) |"
echo "| --- | --- |"
for args in "resolve Samarkand" \
    "render examples/sco-samarkand.json -o $out/sco.png" \
    "render examples/sco-samarkand.json -o $out/sco.pdf" \
    "export examples/sco-samarkand.json -o $out/sco.geojson"; do
    # shellcheck disable=SC2086
    kb=$(/usr/bin/time -f "%M" $bin $args 2>&1 >/dev/null | tail -1)
    echo "| \`placemap ${args//$out\//}\` | $((kb / 1024)) MB |"
done
kb=$(/usr/bin/time -f "%M" $bin render "${world[@]}" -o "$out/world.png" 2>&1 >/dev/null | tail -1)
echo "| \`placemap render\` world, 50 markers, 10 routes, to PNG | $((kb / 1024)) MB |"
