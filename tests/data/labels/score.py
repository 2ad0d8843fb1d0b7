#!/usr/bin/env python3
"""Score a "Defined TXT keys" note parser against hand-made gold labels.

usage: score.py LABELS.jsonl [--baseline] [--show N] [--kinds KINDS.jsonl]   (notes are read from the labels file)

Without --baseline it imports the project's `txtkeys.parse_note(text)` (run from the
project checkout with its environment) and reads `.status`, `.keys[i].name`, and, where
present, key facets `.choices`, `.default`, `.fixed`, and the key kind `.kind` (a StrEnum
whose value is one of: any flag text enum boolean integer number hex uuid url path version
mac ip host binary).
Prints per-metric lines and, last, one summary line:
  status_acc=... key_p=... key_r=... key_f1=... exact=... facets=... n=... [kinds=ACC(ok/total)]

Kind accuracy: gold kinds come from a "kinds" object ({key: kind}) in each labels line and/or
from --kinds FILE (lines {"id": N, "kinds": {key: kind}}; it wins for the ids it lists). A key
counts only when both the gold and the parser name it, on non-ambiguous lines, as in the other
metrics. The baseline has no kinds and is scored as "any" for every key. When no gold kinds
exist the kinds field is left out. "any" and "text" count as the same shape, and so do "boolean"
and "enum": they validate alike; only a wrong shape counts as a miss.
"""
from __future__ import annotations

import json
import re
import sys


def naive(note: str):
    """A plain-regex baseline: what a first attempt without a grammar gets."""
    body = re.sub(r"(?is)^.*?defined txt keys:?", "", note).strip()
    low = body.lower()
    if not body or low.startswith(("tbd", "varies")):
        return "unspecified", []
    if low.startswith("none"):
        return "none", []
    if low.startswith("proprietary"):
        return "proprietary", []
    if low.startswith("see") or low.startswith("http"):
        return "reference", []
    keys = re.findall(r"([A-Za-z0-9_.#*?-]+)=", body)
    if not keys:
        keys = [k.strip() for k in re.split(r"[,\s]+", body) if k.strip()]
    out = []
    for k in keys:
        if k not in out:
            out.append(k)
    return "keys", out


def project(note: str):
    import txtkeys

    parsed = txtkeys.parse_note(note)
    status = getattr(parsed.status, "value", parsed.status)
    keys = [k.name for k in parsed.keys]
    facets = {}
    kinds = {}
    for k in parsed.keys:
        f = {}
        for attr in ("choices", "default", "fixed"):
            v = getattr(k, attr, None)
            if v not in (None, [], ()):
                f[attr] = [str(x) for x in v] if attr == "choices" else str(v)
        facets[k.name] = f
        kind = getattr(k, "kind", None)
        if kind is not None and k.name not in kinds:
            kinds[k.name] = str(getattr(kind, "value", kind))
    return str(status), keys, facets, kinds


def main() -> int:
    args = sys.argv[1:]
    baseline = "--baseline" in args
    show = 0
    if "--show" in args:
        show = int(args[args.index("--show") + 1])
    kinds_path = None
    if "--kinds" in args:
        i = args.index("--kinds")
        kinds_path = args[i + 1]
        del args[i : i + 2]
    paths = [a for a in args if not a.startswith("--") and not a.isdigit()]
    gold = [json.loads(line) for line in open(paths[0])]
    notes = {g["id"]: g for g in gold}
    gold_kinds = {g["id"]: g["kinds"] for g in gold if isinstance(g.get("kinds"), dict)}
    if kinds_path:
        for line in open(kinds_path):
            if line.strip():
                j = json.loads(line)
                gold_kinds[j["id"]] = j["kinds"]
    n = st_ok = exact = tp = fp = fn = 0
    f_total = f_ok = 0
    k_total = k_ok = 0
    k_confusion: dict[str, int] = {}
    misses = []
    for g in gold:
        if g.get("ambiguous"):
            continue
        note = notes[g["id"]]["note"]
        try:
            if baseline:
                status, keys = naive(note)
                facets = {}
                kinds = {k: "any" for k in keys}
            else:
                status, keys, facets, kinds = project(note)
        except Exception as exc:  # a crash counts as a total miss
            status, keys, facets, kinds = f"crash:{type(exc).__name__}", [], {}, {}
        n += 1
        st_ok += status == g["status"]
        gk, pk = list(g["keys"]), list(keys)
        gs, ps = set(gk), set(pk)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
        exact += (status == g["status"]) and gs == ps
        for key, gf in g.get("facets", {}).items():
            for attr in ("choices", "default", "fixed"):
                if attr in gf:
                    f_total += 1
                    want = [str(x) for x in gf[attr]] if attr == "choices" else str(gf[attr])
                    got = facets.get(key, {}).get(attr)
                    if attr == "choices" and got is not None:
                        f_ok += sorted(got) == sorted(want)
                    else:
                        f_ok += got == want
        for key, want in gold_kinds.get(g["id"], {}).items():
            if key in gs and key in ps:
                k_total += 1
                got = kinds.get(key, "any")
                # "any" vs "text" and "boolean" vs "enum" validate alike; only a wrong shape counts.
                if got == want or {got, want} <= {"any", "text"} or {got, want} <= {"boolean", "enum"}:
                    k_ok += 1
                else:
                    pair = f"{want}>{got}"
                    k_confusion[pair] = k_confusion.get(pair, 0) + 1
        if (status != g["status"] or gs != ps) and len(misses) < show:
            misses.append((g["id"], g["status"], gk, status, pk))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    for m in misses:
        print("miss", *m)
    fac = f_ok / f_total if f_total else 0.0
    kinds_field = ""
    if gold_kinds:
        top = sorted(k_confusion.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
        print("kind_confusion gold>parser:", " ".join(f"{pair}:{c}" for pair, c in top) or "-")
        kacc = k_ok / k_total if k_total else 0.0
        kinds_field = f" kinds={kacc:.3f}({k_ok}/{k_total})"
    print(
        f"status_acc={st_ok / n:.3f} key_p={p:.3f} key_r={r:.3f} key_f1={f1:.3f} "
        f"exact={exact / n:.3f} facets={fac:.3f}({f_ok}/{f_total}) n={n}{kinds_field}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
