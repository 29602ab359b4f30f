#!/usr/bin/env python3
"""Writes a generated hourly CUR 2.0 CSV for benches/reconcile.sh: LINES lines (default 2,000,000),
one per API resource per hour of October 2026 (744 hours), 8 linked accounts, 4 regions, REST, HTTP,
WebSocket, cache and Lambda usage types, with the columns of a CUR 2.0 export that carry data here
(27, of the ~125 a real export has: the others would only make the file longer).

    python3 benches/make_cur.py OUT.csv [LINES]
"""

import random
import sys

COLUMNS = [
    "identity_line_item_id", "identity_time_interval", "bill_invoice_id", "bill_invoicing_entity",
    "bill_billing_entity", "bill_bill_type", "bill_payer_account_id", "bill_billing_period_start_date",
    "bill_billing_period_end_date", "line_item_usage_account_id", "line_item_line_item_type",
    "line_item_usage_start_date", "line_item_usage_end_date", "line_item_product_code",
    "line_item_usage_type", "line_item_operation", "line_item_availability_zone",
    "line_item_resource_id", "line_item_usage_amount", "line_item_normalization_factor",
    "line_item_currency_code", "line_item_unblended_rate", "line_item_unblended_cost",
    "line_item_blended_rate", "line_item_blended_cost", "line_item_line_item_description",
    "product_region_code", "pricing_unit",
]

REGIONS = [("USE1", "us-east-1"), ("EU", "eu-west-1"), ("APN1", "ap-northeast-1"), ("USW2", "us-west-2")]
KINDS = [
    ("AmazonApiGateway", "ApiGatewayRequest", "ApiGatewayRequest", "0.0000035", "Requests", 20000, 900000),
    ("AmazonApiGateway", "ApiGatewayHttpRequest", "ApiGatewayHttpApi", "0.00000111", "Requests", 20000, 900000),
    ("AmazonApiGateway", "ApiGatewayMessage", "ApiGatewayWebSocket", "0.00000114", "Messages", 1000, 90000),
    ("AmazonApiGateway", "ApiGatewayMinute", "ApiGatewayWebSocket", "0.000000285", "Minutes", 1000, 60000),
    ("AmazonApiGateway", "ApiGatewayCacheUsage:0.5GB", "RunInstances", "0.02", "Hrs", 1, 1),
    ("AWSLambda", "Request", "Invoke", "0.0000002", "Requests", 20000, 900000),
    ("AWSLambda", "Lambda-GB-Second", "Invoke", "0.0000166667", "Lambda-GB-Second", 100, 90000),
]


def main():
    out = sys.argv[1]
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    rnd = random.Random(42)
    accounts = ["%012d" % (222222222222 + i * 111111111) for i in range(8)]
    per_hour = max(1, -(-lines // 744))
    resources = []
    for i in range(per_hour):
        code, region = REGIONS[i % len(REGIONS)]
        kind = KINDS[(i // len(REGIONS)) % len(KINDS)]
        acct = accounts[i % len(accounts)]
        resources.append((acct, code, region, kind, "arn:aws:apigateway:%s::/restapis/api%05d" % (region, i)))
    n = 0
    with open(out, "w", buffering=1 << 20) as f:
        f.write(",".join(COLUMNS) + "\n")
        for h in range(744):
            day, hour = divmod(h, 24)
            start = "2026-10-%02dT%02d:00:00Z" % (day + 1, hour)
            end = "2026-10-%02dT%02d:00:00Z" % (day + 1 + (hour + 1) // 24, (hour + 1) % 24) if h < 743 else "2026-11-01T00:00:00Z"
            for acct, code, region, kind, arn in resources:
                if n >= lines:
                    break
                prod, ut, op, rate, unit, lo, hi = kind
                usage = rnd.randint(lo, hi)
                cost = "%.10f" % (usage * float(rate))
                cost = cost.rstrip("0").rstrip(".")
                usage_type = ut if prod == "AWSLambda" and code == "USE1" else "%s-%s" % (code, ut)
                f.write(",".join([
                    "li%09d" % n, start + "/" + end, "INV-2026-10", "AWS", "AWS", "Anniversary",
                    "111111111111", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", acct, "Usage",
                    start, end, prod, usage_type, op, "", arn, str(usage), "0", "USD", rate, cost,
                    rate, cost, "\"%s usage, %s\"" % (ut, unit), region, unit,
                ]) + "\n")
                n += 1
    print("wrote %d lines to %s" % (n, out), file=sys.stderr)


if __name__ == "__main__":
    main()
