"""Meaning, where the words alone do not settle it: the sentence model picks the measure a question ranks by.

Each measure has a few example phrasings in both languages. A question is embedded once and compared with every
example; the nearest example's measure wins if it is close enough. The rules read the vocabulary first, so this
only decides questions like "Which films were box-office bombs?" or "cintas más vistas".
"""

import threading

import numpy as np

from cinelake.ask.embedder import SentenceEmbedder
from cinelake.ask.vocabulary import Measure

MIN_SIMILARITY = 0.45

EXAMPLES: dict[Measure, tuple[str, ...]] = {
    "budget": ("movies that cost the most to produce", "the priciest productions", "biggest production spending",
               "películas que más costó producir", "mayor inversión de producción"),
    "revenue": ("biggest box office hits", "films that sold the most tickets", "highest worldwide gross",
                "los mayores éxitos de taquilla", "películas más vistas en cines", "blockbusters"),
    "profit": ("films that made the most money after costs", "biggest money makers net of budget",
               "box office bombs that lost money", "películas que más dinero dejaron", "los mayores fracasos"),
    "roi": ("best return for the money invested", "made many times their budget", "mejor retorno de inversión"),
    "rating": ("critically acclaimed films", "best reviewed movies", "highest scored by audiences", "masterpieces",
               "las películas mejor puntuadas", "obras maestras del cine", "películas con mejores críticas"),
    "votes": ("movies the most people voted on", "most reviewed by users", "películas con más reseñas"),
    "popularity": ("trending movies right now", "the most talked about films", "películas de moda",
                   "las más populares ahora"),
    "runtime": ("movies that take the longest to watch", "epic length films", "películas eternas de larga duración"),
}  # fmt: skip


class SemanticMatcher:
    def __init__(self, embedder: SentenceEmbedder) -> None:
        self.embedder = embedder
        self._lock = threading.Lock()
        self._labels: list[Measure] = []
        self._vectors: np.ndarray | None = None

    def _bank(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                texts = [(measure, text) for measure, phrasings in EXAMPLES.items() for text in phrasings]
                self._labels = [measure for measure, _ in texts]
                self._vectors = self.embedder.encode([text for _, text in texts])
            return self._vectors

    def warm_up(self) -> None:
        self._bank()
        self.embedder.encode_one("warm up")

    def measure(self, question: str) -> Measure | None:
        bank = self._bank()
        similarities = bank @ self.embedder.encode_one(question)
        best = int(np.argmax(similarities))
        return self._labels[best] if similarities[best] >= MIN_SIMILARITY else None
