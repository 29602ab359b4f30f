#!/usr/bin/env bash
# Regenerates reports/: the seed guide's scenarios as finance CSV, SVG and PNG charts.
#
#   bash scripts/make-reports.sh            # builds the release binary once, then writes reports/
#
# Every file is written by apigw-cost itself (atomically, with -o); nothing here computes a figure.
# The outputs are deterministic: running this twice gives byte-identical files.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/apigw-cost"
out=reports
mkdir -p "$out"
rm -f "$out"/*.csv "$out"/*.svg "$out"/*.png

run() { echo "apigw-cost $*" >&2; "$bin" "$@"; }

# Both formats of one chart.
chart() {
  local name=$1; shift
  run chart "$@" -o "$out/$name.svg"
  run chart "$@" -o "$out/$name.png"
}

# 1. Seed guide: 100 customers x 100,000 requests = 10M a month (HTTP $10.00, REST $35.00).
run compare --profile data/profiles/seed-100-customers.toml --format csv -o "$out/01-seed-100-customers-10M.csv"
# 2. Seed guide: 2,000 customers x 300,000 requests = 600M a month (HTTP $300 + $270 = $570.00).
run compare --profile data/profiles/seed-2000-customers.toml --format csv -o "$out/02-seed-2000-customers-600M.csv"
chart 02-seed-2000-customers-cost-vs-requests cost-vs-requests --profile data/profiles/seed-2000-customers.toml
# 3. 100M requests a month: REST $350.00, HTTP $100.00 (71% less); against an ALB too.
run compare --requests 100M --apis rest,http,alb --format csv -o "$out/03-compare-100M.csv"
chart 03-cost-vs-requests-100M cost-vs-requests --requests 100M --apis rest,http,alb
chart 03-effective-price-100M effective-price --requests 100M --apis rest,http,alb
# 4. 24 months from 10M requests growing 15% a month, legacy free tier for the first 12 months.
run project --requests 10M --growth 15% --months 24 --free-tier legacy --apis rest,http --format csv -o "$out/04-projection-24-months.csv"
chart 04-projection-24-months projection --requests 10M --growth 15% --months 24 --free-tier legacy --apis rest,http
# 5. The 600M HTTP workload in every region that prices HTTP APIs, cheapest first.
regions=$("$bin" prices list --format csv | awk -F, '$3 == "HTTP API requests" { print $1 }' | sort -u | paste -sd, -)
run compare --profile data/profiles/seed-2000-customers.toml --apis http --regions "$regions" --format csv -o "$out/05-regions-600M-http.csv"
chart 05-regions-600M-http regions --profile data/profiles/seed-2000-customers.toml --api http

# 6. Added latency of REST and HTTP in front of a 50 ms Lambda function at 600M requests a month.
chart 06-latency-rest-http latency --apis rest,http --backend lambda --duration-ms 50 --memory-mb 512 --requests 600M

# 7. An architecture-review pack (Markdown report, CSVs, charts) for the partner API profile.
rm -rf "$out/07-review-partner-api"
run review data/profiles/partner-api-review.toml --date 2026-12-01 --out "$out/07-review-partner-api"

# 8. The APIs of a small SAM application, what blocks each REST API's move to HTTP, and the review pack
#    with the traffic of its Infracost usage file, priced in eu-west-1.
run inventory examples/templates/orders-platform.yaml --format markdown -o "$out/08-inventory-orders-platform.md"
rm -rf "$out/08-review-orders-platform"
run review --template examples/templates/orders-platform.yaml --usage examples/templates/orders-platform.usage.yml \
  --region eu-west-1 --date 2026-12-01 --out "$out/08-review-orders-platform"

# 9. 60 months from 2M requests growing 8% a month from January 2027: month ticks thinned and named, the
#    month ALB becomes cheaper than HTTP and the month its saving pays back marked.
chart 09-projection-60-months projection --requests 2M --growth 8% --months 60 --start 2027-01 --apis http,alb

# 10. Which input moves the HTTP-vs-REST saving most, and where the answer flips: REST with a 0.5 GB cache
#     in front of a 1 GB Lambda function, ranges on the volume, the hit rate and the duration.
tornado=(--requests 100M~20% --cache 0.5 --cache-hit 60%..90% --backend lambda --duration-ms 100..400 --memory-mb 1024)
run sensitivity "${tornado[@]}" --format markdown -o "$out/10-sensitivity-lambda-cache.md"
chart 10-tornado-lambda-cache tornado "${tornado[@]}"

# 11. A review pack of a profile whose inputs are ranges: "How sure is this" and the tornado chart.
rm -rf "$out/11-review-orders-uncertain"
run review examples/profiles/orders-uncertain.toml --date 2026-12-01 --out "$out/11-review-orders-uncertain"

# Crops to open at full resolution (twice the chart's size, rasterised as the PNGs are): the break-even
# label of chart 03 and the crossing in the 60-month projection.
cargo build --release --quiet --example crop
crop="${CARGO_TARGET_DIR:-target}/release/examples/crop"
"$crop" "$out/03-cost-vs-requests-100M.svg" "HTTP = ALB at" 560 280 2 "$out/crop-break-even-label.png"
"$crop" "$out/09-projection-60-months.svg" "cheaper than HTTP" 760 360 2 "$out/crop-projection-60-months.png"

echo "reports/: $(ls "$out" | wc -l) entries" >&2
