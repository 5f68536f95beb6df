#!/usr/bin/env python3
"""bench/compare_table.py ROWS RESULTS NODES RTT_MS REPS COMMAND

Turns bench/compare's rows (tool, rep, measure, value, load; tab-separated)
into a Markdown table (min / median / max per tool, ratio of the medians,
load average range) and puts it into RESULTS between the markers of this
NODES / RTT_MS run, replacing an earlier table of the same run.
"""
import statistics
import sys
from datetime import datetime, timezone

MEASURES = [
    ("fresh_up", "fresh `up`, command", "s"),
    ("fresh_until_ping", "fresh `up`, until every pair pings", "s"),
    ("noop_up", "no-op `up`", "s"),
    ("add_up", "add node {nodes}, command", "s"),
    ("add_until_ping", "add node {nodes}, until every pair pings", "s"),
    ("add_lost", "packets lost n1 -> n2 (0.2 s interval) while adding", ""),
    ("down_r", "`down -r`", "s"),
    ("leftovers", "links and files left after `down -r`", ""),
]


def fmt(values, unit):
    nums = [v for v in values if v is not None]
    if not nums:
        return "-"
    lo, med, hi = min(nums), statistics.median(nums), max(nums)
    p = (lambda x: f"{x:.1f}") if unit else (lambda x: f"{x:g}")
    missing = len(values) - len(nums)
    text = f"{p(med)}{unit} ({p(lo)}-{p(hi)})" if len(nums) > 1 else f"{p(med)}{unit}"
    return text + (f", {missing} timed out" if missing else "")


def main():
    rows_path, results, nodes, rtt, reps, command = sys.argv[1:7]
    data = {}
    loads = {}
    for line in open(rows_path):
        tool, rep, measure, value, load = line.rstrip("\n").split("\t")
        try:
            v = float(value)
        except ValueError:
            v = None
        data.setdefault((tool, measure), []).append(v)
        if load:
            loads.setdefault(measure, []).append(float(load))
    m = int(nodes) - 1
    title = f"{nodes} lab nodes ({m}, then one added), RTT {rtt} ms"
    out = [f"<!-- compare {nodes} {rtt} begin -->",
           f"### {title}",
           "",
           f"`{command}`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; median (min-max) of "
           f"{len(data.get(('wgmesh', 'noop_up'), []))} repetitions, interleaved.",
           "",
           "| measure | original `mesh` 0.2.5 | wgmesh | original / wgmesh | load (1 min) |",
           "|---|---|---|---|---|"]
    for key, label, unit in MEASURES:
        o, w = data.get(("original", key), []), data.get(("wgmesh", key), [])
        ratio = "-"
        on, wn = [v for v in o if v is not None], [v for v in w if v is not None]
        if unit and on and wn and statistics.median(wn) > 0:
            ratio = f"{statistics.median(on) / statistics.median(wn):.1f}x"
        ld = loads.get(key, [])
        load = f"{min(ld):.1f}-{max(ld):.1f}" if ld else "-"
        out.append(f"| {label.format(nodes=nodes)} | {fmt(o, unit)} | {fmt(w, unit)} | {ratio} | {load} |")
    out.append(f"<!-- compare {nodes} {rtt} end -->")
    block = "\n".join(out) + "\n"

    text = open(results).read()
    begin, end = f"<!-- compare {nodes} {rtt} begin -->", f"<!-- compare {nodes} {rtt} end -->\n"
    if begin in text and end in text:
        a, b = text.index(begin), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        header = "## Side by side with the original tool (bench/compare) - issue 12\n"
        if header not in text:
            text = text.rstrip("\n") + "\n\n" + header + "\n"
        a = text.index(header) + len(header)
        text = text[:a] + "\n" + block + text[a:]
    open(results, "w").write(text)
    sys.stdout.write(block)


if __name__ == "__main__":
    main()
