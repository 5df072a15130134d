// A Remit decision module in C: reads the checkout input, returns a surcharge for card-heavy
// amounts. Build with the clang and wasm-ld that ship with the Swift toolchain:
//
//   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=alloc -Wl,--export=decide \
//         -Wl,--export-memory -o surcharge.wasm surcharge.c
//
// No libc: the module must import nothing it was not granted, so it brings its own tiny
// allocator and number printing.

typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;

static unsigned char heap[65536];
static u32 heap_used;

// The host asks for room for the input JSON here.
__attribute__((export_name("alloc"))) u32 alloc(u32 len) {
    if (len > sizeof(heap) - heap_used) return 0;
    u32 at = (u32)(unsigned long)(heap + heap_used);
    heap_used += len;
    return at;
}

// Finds `"key":` in the input and reads the integer after it; -1 when absent.
static i64 integer_after(const char *json, u32 len, const char *key) {
    u32 key_len = 0;
    while (key[key_len]) key_len++;
    for (u32 i = 0; i + key_len + 2 < len; i++) {
        if (json[i] != '"') continue;
        u32 k = 0;
        while (k < key_len && json[i + 1 + k] == key[k]) k++;
        if (k != key_len || json[i + 1 + k] != '"') continue;
        u32 j = i + key_len + 2;
        while (j < len && (json[j] == ':' || json[j] == ' ')) j++;
        i64 value = 0;
        int digits = 0;
        while (j < len && json[j] >= '0' && json[j] <= '9') { value = value * 10 + (json[j++] - '0'); digits++; }
        return digits ? value : -1;
    }
    return -1;
}

static u32 write_text(char *out, u32 at, const char *text) {
    while (*text) out[at++] = *text++;
    return at;
}

static u32 write_number(char *out, u32 at, i64 value) {
    char digits[20];
    int n = 0;
    do { digits[n++] = (char)('0' + value % 10); value /= 10; } while (value > 0);
    while (n > 0) out[at++] = digits[--n];
    return at;
}

static char output[256];

// Input: {"amount": …, …}. Output: {"actions": [{"type": "surcharge", "bps": …}]}: 1.5 % from
// 10,000.00 up, 2.5 % from 100,000.00 up, nothing below.
__attribute__((export_name("decide"))) u64 decide(u32 ptr, u32 len) {
    i64 amount = integer_after((const char *)(unsigned long)ptr, len, "amount");
    i64 bps = amount >= 10000000 ? 250 : amount >= 1000000 ? 150 : 0;
    u32 n = 0;
    if (bps == 0) {
        n = write_text(output, n, "{\"actions\": []}");
    } else {
        n = write_text(output, n, "{\"actions\": [{\"type\": \"surcharge\", \"bps\": ");
        n = write_number(output, n, bps);
        n = write_text(output, n, "}]}");
    }
    return ((u64)(u32)(unsigned long)output << 32) | n;
}
