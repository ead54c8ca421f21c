"""German text normalisation: content words, lemmas (simplemma, greedy) and stop words.

Split at whitespace (in C) and cached per token: a regular expression over the whole text
would cost most of the fitting time.
"""

from __future__ import annotations

import functools
import re

import simplemma
from sklearn.feature_extraction.text import CountVectorizer

GERMAN_STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei beim bin bis bist bzw da dabei dadurch
    dafür dagegen daher dahin damals damit danach dann daran darauf daraus darin darum darunter
    darüber das dass dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den
    denen denn denselben der derer derselbe derselben des deshalb desselben dessen dich die
    dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine
    einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwa
    etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte
    hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins
    ist jede jedem jeden jeder jedes jedoch jene jenem jenen jener jenes jetzt kann kein keine
    keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches
    mehr mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch
    nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so
    solche solchem solchen solcher solches soll sollen sollte sondern sonst sowie sowohl um
    und uns unser unsere unserem unseren unserer unseres unter usw viel viele vom von vor
    wann war waren warst was weg weil weiter welche welchem welchen welcher welches wenn
    werde werden wie wieder will wir wird wirst wo wollen wollte während würde würden zu zum
    zur zwar zwischen über ca eher etc ggf sowie seit wurde wurden worden ebenfalls
    immer schon bereits sodass gibt geben gab stehen steht sowie beispiel beispielsweise
    http https www de com org html
    """.split()  # noqa: SIM905
)

_WORD = re.compile(r"\w+")
# scikit-learn's `char_wb` 3–5-grams (lower-cased, padded with a space at both ends of a word).
NGRAM_RANGE = (3, 5)
char_ngrams = CountVectorizer(
    analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=True
).build_analyzer()


@functools.lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The lower-cased lemma of a content word, or "" for stop-words and short words."""
    lower = token.lower()
    if len(lower) < 3 or not lower.isalpha() or lower in GERMAN_STOP_WORDS:
        return ""
    result = simplemma.lemmatize(token, lang="de", greedy=True).lower()
    if len(result) < 3 or result in GERMAN_STOP_WORDS:
        return ""
    return result


@functools.lru_cache(maxsize=200_000)
def parts(token: str) -> tuple[str, ...]:
    """The content words of a whitespace-separated token: „Erdgeschosszonen“, → one,
    "Mixed-Use-Immobilie" → three; stop-words, short words and numbers → none."""
    return tuple(part for part in _WORD.findall(token) if lemma(part))


def words(text: str) -> list[str]:
    """The content words of `text`, as written."""
    return [part for token in text.split() for part in parts(token)]


def analyse_words(text: str) -> list[str]:
    """The word features of `text`: lemmas of its content words."""
    return [found for found in map(lemma, words(text)) if found]


def surface_forms(text: str) -> dict[str, str]:
    """lemma → the first form of it in `text`, to name shared terms as the user wrote them."""
    forms: dict[str, str] = {}
    for token in words(text):
        forms.setdefault(lemma(token), token)
    return forms
