"""Write the mean E5 vector per role (query, passage) of a fixed German reference corpus to
quartiersnetz/core/textmatch/e5-centre.npz (see encoder.SentenceVectors.centred).

The corpus: every string literal of at least four words in the project's own German texts —
the seeds (taxonomy, actors, events, publications) and the demo content — split into the same
content sentences the matcher compares. The committed file was made on 2026-12-04 from 300
sentences; the texts have changed since, so a rerun shifts the centre a little (and with it
the benchmark figures). Rerun when the model changes, not for text edits:

    .venv/bin/python scripts/textmatch_centre.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "quartiersnetz/taxonomy/seed.py",
    "quartiersnetz/actors/seed.py",
    "quartiersnetz/events/seed.py",
    "quartiersnetz/publications/seed.py",
    "quartiersnetz/demo/content.py",
]


def corpus() -> list[str]:
    texts: list[str] = []
    for source in SOURCES:
        tree = ast.parse((ROOT / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value.split()) >= 4
                and not node.value.startswith(("http", "<"))
            ):
                texts.append(node.value)
    return sorted(set(texts))


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from quartiersnetz.core.textmatch import encoder

    sentences = sorted({s for text in corpus() for s in encoder.content_sentences(text) if s})
    centres = {
        role: encoder.encode_uncached(sentences, model="e5", role=role).mean(axis=0)
        for role in ("query", "passage")
    }
    target = encoder.CENTRE_FILE
    np.savez(target, sentences=np.int64(len(sentences)), **centres)
    print(f"{target.relative_to(ROOT)}: mean of {len(sentences)} sentences per role")
    return 0


if __name__ == "__main__":
    sys.exit(main())
