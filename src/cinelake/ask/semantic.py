"""Meaning, where the words alone do not settle it: the sentence model picks the measure a question ranks by.

Each measure, highest or lowest first, has a few example phrasings in both languages. A question is embedded once
and compared with every example; the nearest example's measure and direction win if it is close enough. The rules
read the vocabulary first, so this only decides questions like "Which films were commercial disasters?" or
"películas más vistas en cines".
"""

import threading

import numpy as np

from cinelake.ask.embedder import SentenceEmbedder
from cinelake.ask.vocabulary import Measure

MIN_MARGIN = 0.05  # over the nearest example of another reading
MIN_SIMILARITY = 0.6  # off-topic Spanish questions reach ~0.52 (the model is English-first); paraphrases 0.63+

# (measure, highest first) -> phrasings
EXAMPLES: dict[tuple[Measure, bool], tuple[str, ...]] = {
    ("budget", True): ("movies that cost the most to produce", "the priciest productions",
                       "biggest production spending", "películas que más costó producir",
                       "mayor inversión de producción"),
    ("budget", False): ("movies made with almost no money", "shoestring productions", "películas de bajo coste"),
    ("revenue", True): ("biggest box office hits", "films that sold the most tickets", "highest worldwide gross",
                        "los mayores éxitos de taquilla", "películas más vistas en cines", "blockbusters"),
    ("profit", True): ("films that made the most money after costs", "biggest money makers net of budget",
                       "películas que más dinero dejaron"),
    ("profit", False): ("box office bombs that lost money", "commercial disasters", "los mayores fracasos comerciales",
                        "películas que más fracasaron", "the worst financial failures"),
    ("roi", True): ("best return for the money invested", "made many times their budget", "mejor retorno de inversión"),
    ("rating", True): ("critically acclaimed films", "best reviewed movies", "highest scored by audiences",
                       "masterpieces", "las películas mejor puntuadas", "obras maestras del cine",
                       "películas con mejores críticas"),
    ("rating", False): ("the most hated movies", "terribly reviewed films", "las películas peor criticadas"),
    ("votes", True): ("movies the most people voted on", "most reviewed by users", "películas con más reseñas"),
    ("popularity", True): ("trending movies right now", "the most talked about films", "películas de moda",
                           "las más populares ahora"),
    ("runtime", True): ("movies that take the longest to watch", "epic length films",
                        "películas eternas de larga duración"),
    ("runtime", False): ("quick watches under an hour and a half", "películas breves para ver rápido"),
}  # fmt: skip


class SemanticMatcher:
    def __init__(self, embedder: SentenceEmbedder) -> None:
        self.embedder = embedder
        self._lock = threading.Lock()
        self._labels: list[tuple[Measure, bool]] = []
        self._vectors: np.ndarray | None = None
        self._banks: dict[tuple[str, ...], np.ndarray] = {}

    def _bank(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                texts = [(label, text) for label, phrasings in EXAMPLES.items() for text in phrasings]
                self._labels = [label for label, _ in texts]
                self._vectors = self.embedder.encode([text for _, text in texts])
            return self._vectors

    def warm_up(self) -> None:
        self._bank()
        self.embedder.encode_one("warm up")

    def nearest(self, question: str, texts: tuple[str, ...]) -> str:
        """The text nearest the question in meaning (their encodings are kept)."""
        with self._lock:
            vectors = self._banks.get(texts)
            if vectors is None:
                vectors = self._banks[texts] = self.embedder.encode(list(texts))
        return texts[int(np.argmax(vectors @ self.embedder.encode_one(question)))]

    def measure(self, question: str) -> tuple[Measure, bool] | None:
        """The measure the question ranks by, and whether highest first; None when nothing is close, or when another
        reading is nearly as close (an ambiguous reading is refused rather than guessed)."""
        bank = self._bank()
        similarities = bank @ self.embedder.encode_one(question)
        best = int(np.argmax(similarities))
        label = self._labels[best]
        rival = max((s for s, other in zip(similarities, self._labels, strict=True) if other != label), default=-1.0)
        if similarities[best] < MIN_SIMILARITY or similarities[best] - rival < MIN_MARGIN:
            return None
        return label
