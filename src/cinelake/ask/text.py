"""Folding and tokenizing questions: what matching ignores (case, accents, punctuation) is dropped once, here."""

import re
import unicodedata
from typing import Literal

from cinelake.ask.vocabulary import ENGLISH_HINTS, SPANISH_HINTS

Language = Literal["es", "en"]
WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")


def fold(text: str) -> str:
    """Lower case without accents, with every run of other characters turned into one space."""
    text = re.sub(r"(?<=\w)['’]s\b", "", text)  # "Gladiator's" -> "Gladiator"
    text = re.sub(r"\b([Ww])hats\b", r"\1hat", text)  # "whats": "what's" written without its apostrophe
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(WORD.findall(ascii_text.replace("-", " ")))


def english_forms(phrase: str) -> list[str]:
    """A phrase as written, then with its last word in the singular (English plurals: -s, -es, -ies, -men)."""
    head, _, last = phrase.rpartition(" ")
    forms = [last]
    if last.endswith("men") and len(last) > 4:  # "hitmen", "policemen"
        forms.append(last[:-3] + "man")
    if last.endswith("ies") and len(last) > 4:
        forms.append(last[:-3] + "y")
    if last.endswith("es") and len(last) > 3:
        forms.append(last[:-2])
    if last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        forms.append(last[:-1])
    return [f"{head} {form}" if head else form for form in dict.fromkeys(forms)]


def capitalized(question: str, phrase: str) -> bool:
    """Whether the question writes a folded phrase with a capital first letter ("Jurassic Park", not "zombie")."""
    plain = unicodedata.normalize("NFKD", question).encode("ascii", "ignore").decode().replace("-", " ")
    pattern = r"\W+".join(re.escape(word) for word in phrase.split())
    match = re.search(rf"\b{pattern}\b", plain, flags=re.IGNORECASE)
    return bool(match) and match.group(0)[0].isupper()


def detect_language(question: str) -> Language:
    """Spanish when its marks or its words outnumber English ones; English otherwise."""
    if any(mark in question for mark in "¿¡ñÑ"):
        return "es"
    words = fold(question).split()
    spanish = sum(word in SPANISH_HINTS for word in words) + sum(ch in "áéíóú" for ch in question.lower())
    english = sum(word in ENGLISH_HINTS for word in words)
    return "es" if spanish > english else "en"


def contains(folded: str, phrase: str) -> bool:
    """Whether the folded text holds the phrase as whole words."""
    return f" {phrase} " in f" {folded} "


def find(folded: str, phrase: str) -> int:
    """Word index where the phrase starts in the folded text, or -1."""
    at = f" {folded} ".find(f" {phrase} ")
    return -1 if at < 0 else folded[:at].count(" ") + (1 if at > 0 else 0)
