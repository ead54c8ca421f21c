"""What `make api-fuzz` ran (scripts/api_fuzz.sh): per operation the test cases of each
schemathesis phase and the status codes the server answered, from the run's NDJSON report.

    .venv/bin/python scripts/api_fuzz_summary.py var/api-fuzz/events.ndjson
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict

PHASES = ("examples", "coverage", "fuzzing", "stateful")


def main() -> int:
    cases: dict[str, Counter[str]] = defaultdict(Counter)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    with open(sys.argv[1], encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished["recorder"]
            phase = finished["phase"]
            for case_id, interaction in recorder.get("interactions", {}).items():
                # A stateful scenario runs several operations, each case names its own; in the
                # other phases the cases of an operation include the probes of methods it
                # does not have (405).
                case = recorder.get("cases", {}).get(case_id, {}).get("value", {})
                label = recorder["label"]
                if phase == "stateful" and case:
                    label = f"{case['method']} {case['path']}"
                cases[label][phase] += 1
                response = interaction.get("response")
                statuses[label][response["status_code"] if response else 0] += 1
    width = max(map(len, cases), default=10)
    header = f"{'operation':<{width}}  " + "  ".join(f"{p:>8}" for p in PHASES)
    print(header + "  status codes")
    totals: Counter[str] = Counter()
    for label in sorted(cases, key=lambda name: (name.split(" ", 1)[1], name)):
        counts = cases[label]
        totals.update(counts)
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(statuses[label].items()))
        print(f"{label:<{width}}  " + "  ".join(f"{counts[p]:>8}" for p in PHASES) + f"  {codes}")
    print(f"{'total':<{width}}  " + "  ".join(f"{totals[p]:>8}" for p in PHASES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
