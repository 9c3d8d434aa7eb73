#!/usr/bin/env bash
# Prints the public items of each library crate of the workspace (or of the
# crates named as arguments), one path a line, with the item's kind, then a
# count. Uses rustdoc's JSON output (nightly): public, non-hidden items
# reachable from the crate root, as an embedder sees them.
#
#   scripts/public-api.sh                  # newsdex-core and newsdex-query
#   scripts/public-api.sh newsdex-core     # one crate
set -euo pipefail
cd "$(dirname "$0")/.."
crates=("$@")
[ ${#crates[@]} -eq 0 ] && crates=(newsdex-core newsdex-query)
for crate in "${crates[@]}"; do
    cargo +nightly rustdoc -q -p "$crate" --lib -- -Z unstable-options --output-format json 2>/dev/null
    python3 - "target/doc/${crate//-/_}.json" "$crate" <<'PY'
import json, sys
path, crate = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
index, root = doc["index"], doc["root"]
items = set()

def kind_of(item):
    return next(iter(item["inner"])) if isinstance(item["inner"], dict) else item["inner"]

def hidden(item):
    return any("hidden" in str(a) for a in item.get("attrs", []))

def walk(item_id, prefix, seen):
    item = index.get(str(item_id))
    if item is None or item_id in seen or hidden(item):
        return
    if item.get("crate_id", 0) != 0:
        return
    seen = seen | {item_id}
    kind = kind_of(item)
    inner = item["inner"][kind] if isinstance(item["inner"], dict) else {}
    if kind == "use":
        target = inner.get("id")
        name = inner.get("name")
        if target is None:
            return
        if inner.get("is_glob"):
            walk(target, prefix, seen)  # a glob: its items, under this prefix
            return
        target_item = index.get(str(target))
        if target_item is None:
            return
        # A re-export: the item under the name it is exported as.
        walk_named(target, prefix, name, seen)
        return
    if item.get("visibility") != "public" and item_id != root:
        return
    walk_named(item_id, prefix, item.get("name"), seen)

def walk_named(item_id, prefix, name, seen):
    item = index[str(item_id)]
    if hidden(item) or item.get("visibility") != "public":
        return
    kind = kind_of(item)
    inner = item["inner"][kind]
    here = f"{prefix}::{name}" if prefix else name
    if kind == "module":
        if item_id != root:
            items.add((here, "mod"))
        for child in inner.get("items", []):
            walk(child, here, seen | {item_id})
        return
    items.add((here, kind))
    if kind == "enum":
        for v in inner.get("variants", []):
            items.add((f"{here}::{index[str(v)]['name']}", "variant"))
    if kind in ("struct", "union"):
        fields = (inner.get("kind") or {})
        fields = fields.get("plain", {}).get("fields", []) if isinstance(fields, dict) else []
        for f in fields:
            fi = index.get(str(f))
            if fi and fi.get("visibility") == "public":
                items.add((f"{here}::{fi['name']}", "field"))
    if kind in ("struct", "enum", "union"):
        for impl_id in inner.get("impls", []):
            impl = index.get(str(impl_id))
            if not impl:
                continue
            body = impl["inner"]["impl"]
            if body.get("trait") is not None or body.get("is_synthetic") or body.get("blanket_impl"):
                continue
            for m in body.get("items", []):
                mi = index.get(str(m))
                if mi and mi.get("visibility") == "public" and not hidden(mi):
                    items.add((f"{here}::{mi['name']}", kind_of(mi)))

walk_named(root, "", crate.replace("-", "_"), set())
for path, kind in sorted(items):
    print(f"{kind:10} {path}")
print(f"# {crate}: {len(items)} public items")
PY
done
