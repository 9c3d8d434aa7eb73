#!/usr/bin/env bash
# The long fuzzing campaign: each target for SECONDS (default 600) with
# libFuzzer's limits of 1 s and 512 MB per input. New coverage is saved in
# fuzz/corpus/TARGET. The campaign goes on past a crash, timeout or
# out-of-memory input (fork mode); each lands in fuzz/artifacts/TARGET: copy it to fuzz/regressions/TARGET/ (CI replays it)
# after fixing the bug. Installs cargo-fuzz from crates.io when missing and
# needs the nightly toolchain (`rustup toolchain install nightly`).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ingest_text ingest_jsonl ingest_sgml ingest_sidecar ingest_html ingest_csv ingest_feed ingest_warc query_parse search)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "regressions/$target" "artifacts/$target"
    # No SGML record is kept in the project (the Reuters corpus stays out of
    # it): the SGML target starts from one minimal invented record.
    if [ "$target" = ingest_sgml ] && [ -z "$(ls -A corpus/ingest_sgml)" ]; then
        printf '<REUTERS NEWID="1">\n<TEXT><TITLE>INVENTED</TITLE>\n<BODY>An invented line.\n</BODY></TEXT>\n</REUTERS>\n' \
            > corpus/ingest_sgml/seed
    fi
    echo "== $target for ${seconds}s"
    cargo +nightly fuzz run "$target" "corpus/$target" "regressions/$target" -- \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 -max_len=65536 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>&1 | tee "fuzz-$target.log" | grep -E "^(#[0-9]+ +DONE|stat::|==|SUMMARY|artifact_prefix)" || true
done
