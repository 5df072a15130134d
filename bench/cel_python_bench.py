#!/usr/bin/env python3
"""Evaluates bench/cel_cases.json with cel-python (celpy) 0.5.0 on the data of
Benchmarks/CELBench/Fixture.swift and prints evaluations per second, one core.

Usage: .venv-bench/bin/python bench/cel_python_bench.py [bench/cel_cases.json] [--tsv]
"""
import datetime
import json
import sys
import time

import celpy
from celpy import celtypes


def timestamp(text):
    return celtypes.TimestampType(text)


def line(sku, qty, unit_price, category):
    return celpy.json_to_cel({"sku": sku, "qty": qty, "unit_price": unit_price, "category": category})


def fixture():
    lines = [
        line("A-100", 10, 2_500, "office"), line("A-200", 2, 149_900, "hardware"),
        line("B-310", 40, 1_250, "office"), line("C-001", 1, 1_200_000, "hardware"),
        line("C-002", 3, 45_000, "services"), line("D-900", 12, 990, "office"),
        line("E-450", 5, 20_000, "services"), line("F-777", 1, 310_000, "hardware"),
    ]
    invoice = celpy.json_to_cel({
        "amount": 7_250_000, "currency": "EUR", "method": "sepa", "reference": "PO-2026-1187",
        "custom": {"po_number": "4500012345", "priority": "high"},
    })
    invoice[celtypes.StringType("lines")] = celtypes.ListType(lines)
    invoice[celtypes.StringType("issued")] = timestamp("2026-10-01T09:30:00Z")
    invoice[celtypes.StringType("due")] = timestamp("2026-11-30T17:00:00Z")
    buyer = celpy.json_to_cel({
        "id": "buyer_81", "country": "DE", "terms": "net60", "risk_score": 0.42, "tier": "silver",
        "credit_limit": 20_000_000, "outstanding": 3_100_000, "email": "ap@example.com",
    })
    return {"invoice": invoice, "buyer": buyer, "now": timestamp("2026-11-29T12:00:00Z")}


def rate(body, seconds=0.3):
    for _ in range(20):
        body()
    runs, batch = 0, 50
    start = time.perf_counter()
    while True:
        for _ in range(batch):
            body()
        runs += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return runs / elapsed
        batch = min(batch * 2, 100_000)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tsv = "--tsv" in sys.argv
    path = args[0] if args else "bench/cel_cases.json"
    cases = json.load(open(path))["cases"]
    env = celpy.Environment()
    activation = fixture()
    if not tsv:
        print(f"{'case':24}  {'cel-python evals/s':>18}")
    for case in cases:
        program = env.program(env.compile(case["expr"]))
        try:
            result = program.evaluate(activation)
            if isinstance(result, Exception):
                raise result
            per_second = rate(lambda: program.evaluate(activation))
            value = "true" if bool(result) else "false"
        except Exception as error:  # an unsupported feature is reported, not hidden
            per_second, value = 0, f"error: {type(error).__name__}: {error}"
        if tsv:
            print(f"{case['name']}\t{int(per_second)}\t{value}")
        else:
            print(f"{case['name']:24}  {int(per_second):>18}  {value}")


if __name__ == "__main__":
    main()
