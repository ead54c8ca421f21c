"""Query parsing, stemming and highlighting (no database)."""

from __future__ import annotations

import pytest

from quartiersnetz.search.query import (
    MAX_QUERY_LENGTH,
    highlight,
    infix_stem,
    parse_query,
    plain_text,
    prefix_stem,
    snippet,
)


@pytest.mark.parametrize(
    ("word", "prefix"),
    [
        ("burgerinnen", "burger"),
        ("burgerin", "burger"),
        ("burger", "burg"),
        ("dritte", "dritt"),
        ("dritter", "dritt"),
        ("orte", "ort"),
        ("ort", "ort"),
        ("quartiers", "quartier"),
        ("bus", "bus"),
    ],
)
def test_prefix_stem(word, prefix):
    assert prefix_stem(word) == prefix


def test_infix_stem_keeps_derivations():
    assert infix_stem("burgerinnen") == "burgerin"
    assert infix_stem("orte") == "ort"
    assert infix_stem("quartier") == "quartier"
    assert infix_stem("stadte") == "stadt"


def test_parse_folds_drops_stop_words_and_duplicates():
    parsed = parse_query("  Die Bürgerinnen und BÜRGERINNEN im Quartier ")
    assert [t.word for t in parsed.terms] == ["burgerinnen", "quartier"]
    assert parsed.dropped == ("die", "und", "im")
    assert parsed.is_searchable


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", ""),
        ("   ", ""),
        ("a", "too_short"),
        ("a b c", "too_short"),
        ("und die", "stop_words_only"),
        ("x" * (MAX_QUERY_LENGTH + 1), "too_long"),
    ],
)
def test_parse_errors(text, error):
    parsed = parse_query(text)
    assert parsed.error == error
    assert not parsed.is_searchable


def test_query_syntax_is_only_words():
    parsed = parse_query('"Ort" OR NEAR(x) * -Kultur: ^title')
    # "OR" is no operator: an English function word, dropped like "und".
    assert [t.word for t in parsed.terms] == ["ort", "near", "kultur", "title"]
    assert parsed.dropped == ("or",)
    assert all(t.prefix.isalnum() for t in parsed.terms)


def test_short_stem_matches_only_compound_heads():
    (term,) = parse_query("Ort").terms
    assert term.matches_token("kulturort")
    assert term.matches_token("standorte")
    assert term.matches_token("orte")
    assert not term.matches_token("sport")
    assert not term.matches_token("verantwortung")


def test_highlight_escapes_everything_and_marks_matches():
    terms = parse_query("Bürger").terms
    html = highlight("<script>alert('Bürger')</script> & Bürgerinnen", terms)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Bürger</mark>" in html
    assert "<mark>Bürgerinnen</mark>" in html
    assert "&amp;" in html


def test_snippet_picks_the_passage_with_the_matches():
    text = (
        " ".join(["Text"] * 100)
        + " Hier entsteht ein Dritter Ort im Quartier. "
        + (" ".join(["Ende"] * 100))
    )
    html = snippet(text, parse_query("Dritte Orte").terms)
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>Dritter</mark> <mark>Ort</mark>" in html


def test_snippet_without_match_is_the_escaped_beginning():
    html = snippet("Kurz <b>und</b> gut", parse_query("Quartier").terms)
    assert html == "Kurz &lt;b&gt;und&lt;/b&gt; gut"


def test_plain_text_drops_markdown_syntax():
    source = "## Titel\n\n> Zitat\n\n- Punkt\n\nEin [Link](https://x.de) und **fett** a<b"
    assert plain_text(source) == "Titel Zitat Punkt Ein Link und fett a<b"


def test_ascii_spellings_of_umlauts_are_searched_as_umlauts_too():
    from quartiersnetz.core.text import umlaut_variant
    from quartiersnetz.search.query import parse_query

    assert umlaut_variant("kleinstaedte") == "kleinstadte"
    assert umlaut_variant("fussgaengerzone") == "fussgangerzone"
    assert umlaut_variant("quelle") == ""  # "ue" after "q" is no umlaut
    term = parse_query("Kleinstaedte").terms[0]
    assert [s.word for s in term.spellings] == ["kleinstaedte", "kleinstadte"]
    # The variant is an alternative, never a replacement: "neue" stays findable as "neue".
    neue = parse_query("neue Wege").terms[0]
    assert neue.matches_token("neue")
    assert term.matches_token("kleinstadte")
