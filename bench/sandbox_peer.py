"""The RemitSandbox benchmark's peer: the same modules run by wasmtime (PyPI `wasmtime`),
with the same ABI and fuel metering, measured the same way. Prints `metric<TAB>microseconds`.

Usage: python bench/sandbox_peer.py [bench-directory]
"""
import json
import sys
import time

import wasmtime

FUEL = 11_000_000
directory = sys.argv[1] if len(sys.argv) > 1 else "bench"
trivial_text = open(f"{directory}/sandbox_trivial.wat").read()
surcharge_text = open(f"{directory}/sandbox_surcharge.wat").read()
trivial_bytes = wasmtime.wat2wasm(trivial_text)
surcharge_bytes = wasmtime.wat2wasm(surcharge_text)
config = wasmtime.Config()
config.consume_fuel = True
engine = wasmtime.Engine(config)
input_value = {"amount": 12000, "currency": "USD"}


def microseconds(body, seconds=0.5):
    for _ in range(20):
        body()
    runs, batch = 0, 10
    start = time.perf_counter()
    while True:
        for _ in range(batch):
            body()
        runs += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed * 1e6 / runs
        batch = min(batch * 2, 100_000)


def invoke(module, value):
    """One invocation as RemitSandbox does it: fresh store and instance, JSON in, JSON out."""
    store = wasmtime.Store(engine)
    store.set_fuel(FUEL)
    instance = wasmtime.Instance(store, module, [])
    exports = instance.exports(store)
    memory, alloc, decide = exports["memory"], exports["alloc"], exports["decide"]
    data = json.dumps(value, separators=(",", ":")).encode()
    pointer = alloc(store, len(data))
    if pointer + len(data) > memory.data_len(store):
        raise ValueError("bad pointer")
    memory.write(store, data, pointer)
    packed = decide(store, pointer, len(data)) & 0xFFFF_FFFF_FFFF_FFFF
    out_pointer, out_length = packed >> 32, packed & 0xFFFF_FFFF
    if out_pointer + out_length > memory.data_len(store):
        raise ValueError("bad pointer")
    return json.loads(memory.read(store, out_pointer, out_pointer + out_length))


def instantiate(module):
    store = wasmtime.Store(engine)
    store.set_fuel(FUEL)
    return wasmtime.Instance(store, module, [])


trivial = wasmtime.Module(engine, trivial_bytes)
surcharge = wasmtime.Module(engine, surcharge_bytes)
assert invoke(surcharge, input_value) == {"surcharge": 300}

live_store = wasmtime.Store(engine)
live = wasmtime.Instance(live_store, surcharge, [])
live_exports = live.exports(live_store)
encoded = json.dumps(input_value, separators=(",", ":")).encode()
live_exports["memory"].write(live_store, encoded, 2048)
live_decide = live_exports["decide"]


def call_alone():
    live_store.set_fuel(FUEL)
    live_decide(live_store, 2048, len(encoded))


rows = [
    ("wat2wasm (surcharge text)", microseconds(lambda: wasmtime.wat2wasm(surcharge_text))),
    ("compile (surcharge binary)", microseconds(lambda: wasmtime.Module(engine, surcharge_bytes))),
    ("instantiate (fresh store + instance)", microseconds(lambda: instantiate(surcharge))),
    ("invoke trivial (fresh instance, JSON in and out)", microseconds(lambda: invoke(trivial, input_value))),
    ("invoke surcharge (fresh instance, JSON in and out)", microseconds(lambda: invoke(surcharge, input_value))),
    ("decide call alone on a live instance (surcharge)", microseconds(call_alone)),
]
for metric, value in rows:
    print(f"{metric}\t{value:.2f}")
