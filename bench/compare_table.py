#!/usr/bin/env python3
"""bench/compare_table.py ROWS RESULTS NODES RTT_MS REPS COMMAND

Turns bench/compare's rows (tool, rep, measure, value, load; tab-separated)
into a Markdown table (one column per tool measured: min / median / max; the
ratio of the original's median to each other tool's; load average range) and
puts it into RESULTS between the markers of this NODES / RTT_MS run,
replacing an earlier table of the same run (RESULTS is created if missing).
"""
import statistics
import sys
from datetime import datetime, timezone

# The tools in column order, with their column headings.
TOOLS = [
    ("original", "original `mesh` 0.2.5"),
    ("wgmesh", "wgmesh CLI"),
    ("tofu", "OpenTofu + provider"),
    ("pulumi", "Pulumi YAML + provider"),
]

MEASURES = [
    ("fresh_up", "fresh `up`, command", "s"),
    ("fresh_until_ping", "fresh `up`, until every pair pings", "s"),
    ("fresh_crossed", "crossed WireGuard handshakes until then (kernel log)", ""),
    ("noop_up", "no-op `up`", "s"),
    ("noop_logins", "SSH logins per host during the no-op `up`", ""),
    ("add_up", "add node {nodes}, command", "s"),
    ("add_until_ping", "add node {nodes}, until every pair pings", "s"),
    ("add_crossed", "crossed WireGuard handshakes until then (kernel log)", ""),
    ("add_lost", "packets lost n1 -> n2 (0.2 s interval) while adding", ""),
    ("down_r", "`down -r`", "s"),
    ("leftovers", "links and files left after `down -r`", ""),
]

COMMANDS = {
    "tofu": "OpenTofu: `up` is `tofu apply -auto-approve` (it refreshes every node first), "
            "`down -r` is `tofu destroy -auto-approve`",
    "pulumi": "Pulumi: `up` is `pulumi up --yes --skip-preview` (no refresh: a no-op reads "
              "no host), `down -r` is `pulumi destroy --yes --skip-preview`; file backend",
}


def fmt(values, unit):
    nums = [v for v in values if v is not None]
    if not nums:
        return "-"
    lo, med, hi = min(nums), statistics.median(nums), max(nums)
    p = (lambda x: f"{x:.1f}") if unit else (lambda x: f"{round(x, 1):g}")
    missing = len(values) - len(nums)
    text = f"{p(med)}{unit} ({p(lo)}-{p(hi)})" if len(nums) > 1 else f"{p(med)}{unit}"
    return text + (f", {missing} {'timed out' if unit else 'not measured'}" if missing else "")


def ratio(orig, other, unit):
    on, wn = [v for v in orig if v is not None], [v for v in other if v is not None]
    if unit and on and wn and statistics.median(wn) > 0:
        return f"{statistics.median(on) / statistics.median(wn):.1f}x"
    return "-"


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
    tools = [(t, h) for t, h in TOOLS if any(k[0] == t for k in data)]
    others = [(t, h) for t, h in tools if t != "original"] if any(t == "original" for t, _ in tools) else []
    reps = max((len(v) for (t, k), v in data.items() if k == "noop_up"), default=0)
    title = f"{nodes} lab nodes ({m}, then one added), RTT {rtt} ms"
    out = [f"<!-- compare {nodes} {rtt} begin -->",
           f"### {title}",
           "",
           f"`{command}`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; median (min-max) of "
           f"{reps} repetition{'s' if reps != 1 else ''}, interleaved."
           + "".join(f" {COMMANDS[t]}." for t, _ in tools if t in COMMANDS),
           "",
           "| measure | " + " | ".join(h for _, h in tools) + " | "
           + "".join(f"original / {t} | " for t, _ in others) + "load (1 min) |",
           "|---|" + "---|" * (len(tools) + len(others) + 1)]
    for key, label, unit in MEASURES:
        cells = [fmt(data.get((t, key), []), unit) for t, _ in tools]
        orig = data.get(("original", key), [])
        cells += [ratio(orig, data.get((t, key), []), unit) for t, _ in others]
        ld = loads.get(key, [])
        cells.append(f"{min(ld):.1f}-{max(ld):.1f}" if ld else "-")
        out.append(f"| {label.format(nodes=nodes)} | " + " | ".join(cells) + " |")
    out.append(f"<!-- compare {nodes} {rtt} end -->")
    block = "\n".join(out) + "\n"

    try:
        text = open(results).read()
    except FileNotFoundError:
        text = ""
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
