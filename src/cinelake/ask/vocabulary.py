"""The words of movie questions in Spanish and English, folded (lower case, no accents), mapped to what they mean.

Everything here is data: the parser reads it, and a new synonym is one line. Multi-word phrases are matched as whole
words on the folded question.
"""

from dataclasses import dataclass
from typing import Literal

from cinelake.domain.genres import MOVIE_GENRES

Measure = Literal["budget", "revenue", "profit", "roi", "rating", "votes", "popularity", "runtime", "release_date"]
Dimension = Literal["genre", "year", "decade", "language", "country", "director", "company", "actor", "keyword"]
LookupField = Literal[
    "director", "cast", "budget", "revenue", "profit", "roi", "rating", "votes", "popularity", "runtime",
    "release_date", "genres", "language", "companies", "overview",
]  # fmt: skip


@dataclass(frozen=True)
class MeasureInfo:
    column: str  # in movie_facts
    unit: str  # for answers and charts: usd, minutes, rating, votes, popularity, ratio, date
    en: str
    es: str


MEASURES: dict[Measure, MeasureInfo] = {
    "budget": MeasureInfo("budget", "usd", "budget", "presupuesto"),
    "revenue": MeasureInfo("revenue", "usd", "revenue", "recaudación"),
    "profit": MeasureInfo("profit", "usd", "profit", "beneficio"),
    "roi": MeasureInfo("roi", "ratio", "ROI", "ROI"),
    "rating": MeasureInfo("vote_average", "rating", "rating", "valoración"),
    "votes": MeasureInfo("vote_count", "votes", "votes", "votos"),
    "popularity": MeasureInfo("popularity", "popularity", "popularity", "popularidad"),
    "runtime": MeasureInfo("runtime", "minutes", "runtime", "duración"),
    "release_date": MeasureInfo("release_date", "date", "release date", "fecha de estreno"),
}

# Phrase -> (measure, direction). Direction None: "most"/"least" words around it decide (default: highest first).
MEASURE_WORDS: dict[str, tuple[Measure, str | None]] = {
    # budget
    "budget": ("budget", None), "budgets": ("budget", None), "expensive": ("budget", "desc"),
    "costliest": ("budget", "desc"), "cost": ("budget", None), "costs": ("budget", None),
    "cost the most": ("budget", "desc"),
    "cheapest": ("budget", "asc"), "cheap": ("budget", "asc"), "least expensive": ("budget", "asc"),
    "presupuesto": ("budget", None), "presupuestos": ("budget", None), "caras": ("budget", "desc"),
    "cara": ("budget", "desc"), "costosas": ("budget", "desc"), "costosa": ("budget", "desc"),
    "costo": ("budget", None),
    "coste": ("budget", None), "costaron": ("budget", None), "costaba": ("budget", None),
    "costaban": ("budget", None), "cuesta": ("budget", None), "cuestan": ("budget", None),
    "costo mas": ("budget", "desc"), "baratas": ("budget", "asc"),
    "barata": ("budget", "asc"), "spent": ("budget", None), "spend": ("budget", None), "spending": ("budget", None),
    "gasto": ("budget", None), "gastaron": ("budget", None), "gastado": ("budget", None), "gastos": ("budget", None),
    # revenue
    "revenue": ("revenue", None), "revenues": ("revenue", None), "gross": ("revenue", None),
    "grossing": ("revenue", None), "grossed": ("revenue", None), "box office": ("revenue", None),
    "earned": ("revenue", None), "earnings": ("revenue", None), "made the most money": ("revenue", "desc"),
    "made more money": ("revenue", "desc"), "made less money": ("revenue", "asc"), "money": ("revenue", None),
    "made": ("revenue", None), "make": ("revenue", None), "earn": ("revenue", None), "sales": ("revenue", None),
    "facturaron": ("revenue", None), "facturo": ("revenue", None), "facturacion": ("revenue", None),
    "mas vista": ("revenue", "desc"), "mas vistas": ("revenue", "desc"), "most watched": ("revenue", "desc"),
    "most viewed": ("revenue", "desc"),
    "taquilla": ("revenue", None), "hits": ("revenue", "desc"), "exitos": ("revenue", "desc"),
    "taquilleras": ("revenue", "desc"), "taquillera": ("revenue", "desc"),
    "recaudacion": ("revenue", None), "recaudaciones": ("revenue", None), "recaudo": ("revenue", None),
    "recaudaron": ("revenue", None), "recaudado": ("revenue", None), "recauda": ("revenue", None),
    "recaudan": ("revenue", None), "recaudaba": ("revenue", None), "gana": ("revenue", None),
    "ganan": ("revenue", None),
    "makes": ("revenue", None), "earns": ("revenue", None), "grosses": ("revenue", None),
    "taquilleros": ("revenue", "desc"), "exitos de taquilla": ("revenue", "desc"), "ingresos": ("revenue", None),
    "ingreso": ("revenue", None), "ingresaron": ("revenue", None), "dinero": ("revenue", None),
    "hizo mas dinero": ("revenue", "desc"), "gano mas": ("revenue", "desc"), "ganaron": ("revenue", None),
    # profit
    "profit": ("profit", None), "profits": ("profit", None), "profitable": ("profit", None),
    "lost the most money": ("profit", "asc"), "biggest flops": ("profit", "asc"), "flops": ("profit", "asc"),
    "flop": ("profit", "asc"),
    "box office bombs": ("profit", "asc"), "box office flops": ("profit", "asc"), "bombs": ("profit", "asc"),
    "beneficio": ("profit", None), "beneficios": ("profit", None), "rentables": ("profit", None),
    "rentable": ("profit", None), "ganancia": ("profit", None), "ganancias": ("profit", None),
    "fracasos": ("profit", "asc"), "perdieron mas dinero": ("profit", "asc"), "perdio mas dinero": ("profit", "asc"),
    "perdio dinero": ("profit", "asc"), "perdieron dinero": ("profit", "asc"), "lost money": ("profit", "asc"),
    "lost the most": ("profit", "asc"), "lost": ("profit", "asc"), "perdidas": ("profit", "asc"),
    "loss": ("profit", "asc"), "losses": ("profit", "asc"), "perdida": ("profit", "asc"),
    "money losers": ("profit", "asc"), "fracaso": ("profit", "asc"),
    # roi
    "roi": ("roi", None), "return on investment": ("roi", None), "retorno": ("roi", None),
    "retorno de la inversion": ("roi", None), "retorno de inversion": ("roi", None), "rentabilidad": ("roi", None),
    # rating
    "rating": ("rating", None), "ratings": ("rating", None), "rated": ("rating", None), "score": ("rating", None),
    "scores": ("rating", None), "best": ("rating", "desc"), "worst": ("rating", "asc"), "acclaimed": ("rating",
    "desc"),
    "reviewed": ("rating", None), "vote average": ("rating", None), "valoracion": ("rating", None),
    "valoraciones": ("rating", None), "valoradas": ("rating", None), "valorada": ("rating", None),
    "valorados": ("rating", None), "valorado": ("rating", None),
    "puntuacion": ("rating", None), "puntuadas": ("rating", None), "puntuada": ("rating", None),
    "nota": ("rating", None), "notas": ("rating", None), "puntaje": ("rating", None), "puntajes": ("rating", None),
    "calificacion": ("rating", None),
    "calificadas": ("rating", None), "mejores": ("rating", "desc"), "mejor": ("rating", "desc"),
    "peores": ("rating", "asc"), "peor": ("rating", "asc"),
    # votes
    "votes": ("votes", None), "voted": ("votes", None), "vote count": ("votes", None), "votos": ("votes", None),
    "number of votes": ("votes", None), "numero de votos": ("votes", None), "votes count": ("votes", None),
    "votadas": ("votes", None), "votada": ("votes", None),
    # popularity
    "popular": ("popularity", "desc"), "popularity": ("popularity", None), "populares": ("popularity", "desc"),
    "popularidad": ("popularity", None), "famous": ("popularity", "desc"), "famosas": ("popularity", "desc"),
    # runtime
    "runtime": ("runtime", None), "runtimes": ("runtime", None), "long": ("runtime", "desc"),
    "longest": ("runtime", "desc"), "longer": ("runtime", "desc"), "shortest": ("runtime", "asc"),
    "shorter": ("runtime", "asc"), "short": ("runtime", "asc"), "duration": ("runtime", None),
    "length": ("runtime", None), "minutes": ("runtime", None), "duracion": ("runtime", None),
    "duran": ("runtime", None), "dura": ("runtime", None), "larga": ("runtime", "desc"), "largas": ("runtime",
    "desc"),
    "mas larga": ("runtime", "desc"), "corta": ("runtime", "asc"), "cortas": ("runtime", "asc"),
    "minutos": ("runtime", None),
    # release date
    "first": ("release_date", "asc"), "primera": ("release_date", "asc"), "primer": ("release_date", "asc"),
    "primero": ("release_date", "asc"), "ultima": ("release_date", "desc"), "ultimo": ("release_date", "desc"),
    "last": ("release_date", "desc"), "mas nueva": ("release_date", "desc"), "mas antigua": ("release_date", "asc"),
    "newest": ("release_date", "desc"), "latest": ("release_date", "desc"), "most recent": ("release_date", "desc"),
    "most recently": ("release_date", "desc"), "mas recientemente": ("release_date", "desc"),
    "oldest": ("release_date", "asc"), "earliest": ("release_date", "asc"), "recientes": ("release_date", "desc"),
    "reciente": ("release_date", "desc"), "antiguas": ("release_date", "asc"), "antigua": ("release_date", "asc"),
}  # fmt: skip

DESCENDING_WORDS = (
    "highest", "most", "top", "biggest", "largest", "greatest", "more", "higher", "bigger", "maximum", "max",
    "mayor", "mayores", "mas", "maximo", "maxima", "alto", "alta", "altos", "altas", "grande", "grandes",
)  # fmt: skip
# Before a word that carries its own direction ("popular", "expensive"), these turn it round: "least popular".
REVERSING_WORDS = ("least", "less", "menos")
ASCENDING_WORDS = (
    "lowest", "least", "smallest", "fewest", "less", "lower", "smaller", "minimum", "min", "bottom",
    "menor", "menores", "menos", "minimo", "minima", "bajo", "baja", "bajos", "bajas", "pequeno", "pequena",
)  # fmt: skip

# Themes in Spanish -> the English keyword TMDB stores (keywords are English only). Folded, as questions are.
THEME_TRANSLATIONS: dict[str, str] = {
    "viajes en el tiempo": "time travel", "viaje en el tiempo": "time travel", "viajes temporales": "time travel",
    "inteligencia artificial": "artificial intelligence", "zombis": "zombie", "zombies": "zombie", "zombi": "zombie",
    "vampiros": "vampire", "vampiro": "vampire", "superheroes": "superhero", "superheroe": "superhero",
    "extraterrestres": "alien", "extraterrestre": "alien", "alienigenas": "alien", "alienigena": "alien",
    "invasion alienigena": "alien invasion", "invasiones alienigenas": "alien invasion",
    "invasion extraterrestre": "alien invasion", "invasiones extraterrestres": "alien invasion",
    "viajes espaciales": "space travel", "viaje espacial": "space travel", "pueblos pequenos": "small town",
    "asesinos a sueldo": "hitman", "navidenas": "christmas", "navidena": "christmas", "navidenos": "christmas",
    "navideno": "christmas", "basadas en novelas": "based on novel or book",
    "basada en una novela": "based on novel or book",
    "basadas en libros": "based on novel or book", "basada en un libro": "based on novel or book",
    "robots": "robot", "dinosaurios": "dinosaur", "dinosaurio": "dinosaur",
    "segunda guerra mundial": "world war ii", "primera guerra mundial": "world war i",
    "guerra de vietnam": "vietnam war", "venganza": "revenge", "distopia": "dystopia", "distopias": "dystopia",
    "asesinato": "murder", "asesinatos": "murder", "asesino en serie": "serial killer",
    "asesinos en serie": "serial killer", "biografia": "biography", "biografias": "biography",
    "hechos reales": "based on true story", "historia real": "based on true story",
    "historias reales": "based on true story", "amistad": "friendship", "amor": "love",
    "adolescentes": "teenager", "adolescente": "teenager", "secuela": "sequel", "secuelas": "sequel",
    "policias": "police", "policia": "police", "instituto": "high school", "supervivencia": "survival",
    "magia": "magic", "carcel": "prison", "prision": "prison", "secuestro": "kidnapping", "secuestros": "kidnapping",
    "drogas": "drug", "artes marciales": "martial arts", "boda": "wedding", "bodas": "wedding",
    "sobrenatural": "supernatural", "navidad": "christmas", "sicario": "hitman", "sicarios": "hitman",
    "asesino a sueldo": "hitman", "espias": "spy", "espia": "spy", "espionaje": "espionage",
    "brujas": "witch", "bruja": "witch", "brujeria": "witchcraft", "fantasmas": "ghost", "fantasma": "ghost",
    "aviones": "airplane", "conspiracion": "conspiracy", "videojuegos": "based on video game",
    "videojuego": "based on video game", "demonios": "demon", "demonio": "demon", "infidelidad": "infidelity",
    "gangsters": "gangster", "mafia": "mafia", "divorcio": "divorce", "obsesion": "obsession",
    "celos": "jealousy", "robo": "robbery", "robos": "robbery", "atracos": "heist", "atraco": "heist",
    "soldados": "soldier", "periodistas": "journalist", "periodista": "journalist", "matrimonio": "marriage",
    "viaje por carretera": "road trip", "cientificos": "scientist", "rehenes": "hostage",
    "universidad": "college", "tiburones": "shark", "tiburon": "shark", "espacio exterior": "outer space",
    "apocalipsis": "apocalypse", "postapocaliptico": "post-apocalyptic future", "pandemia": "pandemic",
    "virus": "virus", "boxeo": "boxing", "futbol": "soccer", "deportes": "sport", "deporte": "sport",
    "monstruos": "monster", "monstruo": "monster", "perros": "dog", "perro": "dog", "gatos": "cat",
    "piratas": "pirate", "nazis": "nazi", "terrorismo": "terrorism", "terroristas": "terrorist",
    "asesinos": "assassin", "detectives": "detective", "detective": "detective", "abogados": "lawyer",
    "islas": "island", "isla desierta": "deserted island", "carreras de coches": "car race",
    "pueblo pequeno": "small town", "suicidio": "suicide", "hospital": "hospital", "fin del mundo": "end of the world",
    "cambio climatico": "climate change", "realidad virtual": "virtual reality", "guerra fria": "cold war",
    "holocausto": "holocaust", "esclavitud": "slavery", "racismo": "racism", "mitologia griega": "greek mythology",
    "cuentos de hadas": "fairy tale", "cuento de hadas": "fairy tale", "princesas": "princess", "princesa": "princess",
    "dragones": "dragon", "dragon": "dragon", "caballeros": "knight", "samurais": "samurai", "samurai": "samurai",
    "ninjas": "ninja", "vaqueros": "cowboy", "exorcismo": "exorcism", "posesion": "possession",
    "casa encantada": "haunted house", "casas encantadas": "haunted house", "mundo paralelo": "parallel world",
    "universos paralelos": "parallel world", "clonacion": "cloning", "hackers": "hacker", "hacker": "hacker",
    "mafia italiana": "mafia", "narcotrafico": "drug cartel", "carteles de la droga": "drug cartel",
    "asesino": "killer", "policia corrupto": "corrupt cop", "corrupcion": "corruption",
}  # fmt: skip

# Aggregates over the movies that match.
AGGREGATE_WORDS: dict[str, str] = {
    "average": "avg", "mean": "avg", "avg": "avg", "promedio": "avg", "media": "avg", "medio": "avg",
    "total": "sum", "sum": "sum", "combined": "sum", "suma": "sum", "totales": "sum", "en total": "sum",
    "sumaron": "sum", "suman": "sum", "sumadas": "sum", "altogether": "sum", "en conjunto": "sum", "in total": "sum",
    "conjunto": "sum", "combinado": "sum", "combinada": "sum", "sumado": "sum", "sumada": "sum",
    "acumula": "sum", "acumulan": "sum", "acumulado": "sum", "accumulated": "sum", "cumulative": "sum",
    "de media": "avg", "en promedio": "avg", "on average": "avg", "typical": "avg",
    "minimum": "min", "minimo": "min", "minima": "min", "maximum": "max", "maximo": "max", "maxima": "max",
    "median": "median", "mediana": "median", "mediano": "median", "middle value": "median",
    "valor mediano": "median",
    "standard deviation": "stddev", "std dev": "stddev", "stddev": "stddev", "stdev": "stddev",
    "desviacion estandar": "stddev", "desviacion tipica": "stddev",
}  # fmt: skip
COUNT_PHRASES = (
    "how many",
    "cuenta",
    "cuente",
    "contar",
    "number of",
    "count",
    "cuantas",
    "cuantos",
    "numero de",
    "cantidad de",
    "total de peliculas",
)

DIMENSION_WORDS: dict[str, Dimension] = {
    "genre": "genre", "genres": "genre", "genero": "genre", "generos": "genre",
    "year": "year", "years": "year", "ano": "year", "anos": "year", "anio": "year",
    "decade": "decade", "decades": "decade", "decada": "decade", "decadas": "decade",
    "language": "language", "languages": "language", "idioma": "language", "idiomas": "language",
    "lengua": "language", "lenguas": "language",
    "country": "country", "countries": "country", "pais": "country", "paises": "country",
    "director": "director", "directors": "director", "directores": "director", "directora": "director",
    "cineasta": "director", "cineastas": "director", "realizador": "director", "realizadores": "director",
    "filmmaker": "director", "filmmakers": "director",
    "company": "company", "companies": "company", "studio": "company", "studios": "company",
    "productora": "company", "productoras": "company", "estudio": "company", "estudios": "company",
    "compania": "company", "companias": "company",
    "actor": "actor", "actors": "actor", "actress": "actor", "actresses": "actor", "actores": "actor",
    "actriz": "actor", "actrices": "actor",
    "keyword": "keyword", "keywords": "keyword", "palabra clave": "keyword", "palabras clave": "keyword",
    "production companies": "company", "production company": "company", "production studios": "company",
}  # fmt: skip
# Everyday words that are also the names of companies, titles or keywords ("Home", "Up", "First Look Media"): such a
# word is linked only where the question points at that kind of name ("the studio Home", "the movie Up").
COMMON_WORDS = frozenset(
    """home star up first last new big little red blue black white good bad love life world man woman men women day
    night time war king queen dark light fire water gold one two three summer winter spring fall family friends house
    city road sun moon heart dream story street girl girls boy boys kid kids baby dog cat wolf lion united free
    focus alliance legendary universal original classic modern great best top real true open world people feature
    features picture pictures motion independent indie short shorts
    casa estrella primera ultima nueva nuevo grande pequeno rojo azul negro blanco bueno malo amor vida mundo hombre
    mujer dia noche tiempo guerra rey reina oscuro luz fuego agua oro verano invierno familia amigos ciudad sol luna
    corazon sueno historia calle chica chico nino perro gato lobo leon""".split()
)
COMPANY_CUES = (
    "company",
    "companies",
    "studio",
    "studios",
    "productora",
    "productoras",
    "estudio",
    "estudios",
    "compania",
    "produced by",
    "producidas por",
    "producida por",
    "distributor",
    "distribuidora",
)
# Grouping people by these words keeps women only (TMDB's gender 1).
FEMALE_WORDS = frozenset(("actress", "actresses", "actriz", "actrices", "directora", "directoras"))
WOMAN_GENDER = 1  # TMDB's gender code for women
# Courtesies around a question, folded: they lead or close it and say nothing of what is asked.
COURTESIES = (
    "can you tell me", "could you tell me", "can you please tell me", "could you please tell me", "please tell me",
    "i want to know", "i'd like to know", "i would like to know", "i wonder", "i'm curious", "i am curious",
    "quick question", "a question", "tell me", "please", "hey", "hello", "ok", "okay",
    "me puedes decir", "me podrias decir", "puedes decirme", "podrias decirme", "me dices", "quiero saber",
    "quisiera saber", "me gustaria saber", "una pregunta", "dime", "por favor", "oye", "hola", "bueno",
    "a ver", "thanks", "thank you", "gracias", "in the database", "in your database", "in the catalogue",
    "in the catalog", "en la base de datos", "en el catalogo", "en tu base de datos",
)  # fmt: skip
# Days of the year by name: (month, day). Folded, as questions are.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25), "christmas": (12, 25), "dia de navidad": (12, 25), "navidad": (12, 25),
    "christmas eve": (12, 24), "nochebuena": (12, 24), "new year's day": (1, 1), "new years day": (1, 1),
    "ano nuevo": (1, 1), "new year's eve": (12, 31), "new years eve": (12, 31), "nochevieja": (12, 31),
    "halloween": (10, 31), "valentine's day": (2, 14), "valentines day": (2, 14), "san valentin": (2, 14),
    "dia de san valentin": (2, 14),
}  # fmt: skip
# Parts of a year by name: (first month, last month).
PARTS_OF_THE_YEAR: dict[str, tuple[int, int]] = {
    "first half": (1, 6), "second half": (7, 12), "primer semestre": (1, 6), "segundo semestre": (7, 12),
    "primera mitad": (1, 6), "segunda mitad": (7, 12), "first quarter": (1, 3), "second quarter": (4, 6),
    "third quarter": (7, 9), "fourth quarter": (10, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12),
    "primer trimestre": (1, 3), "segundo trimestre": (4, 6), "tercer trimestre": (7, 9), "cuarto trimestre": (10, 12),
}  # fmt: skip
# "movies directed by women": a woman among the directors.
DIRECTED_BY_WOMEN = ("directed by women", "directed by a woman", "directed by female directors", "female directed",
                     "female directors", "women directors", "woman directors", "dirigidas por mujeres",
                     "dirigida por mujeres", "dirigidas por una mujer", "dirigida por una mujer",
                     "dirigidas por directoras", "de directoras", "por directoras")  # fmt: skip

# A comparative before "than"/"que" and a title: the measure and how it compares ("longer than Titanic")
THAN_MOVIE: dict[str, tuple[Measure, str]] = {
    "longer": ("runtime", ">"), "shorter": ("runtime", "<"), "run longer": ("runtime", ">"),
    "run shorter": ("runtime", "<"), "more expensive": ("budget", ">"), "cheaper": ("budget", "<"),
    "less expensive": ("budget", "<"), "cost more": ("budget", ">"), "cost less": ("budget", "<"),
    "a bigger budget": ("budget", ">"), "a higher budget": ("budget", ">"), "a larger budget": ("budget", ">"),
    "a smaller budget": ("budget", "<"), "a lower budget": ("budget", "<"), "more popular": ("popularity", ">"),
    "less popular": ("popularity", "<"), "better rated": ("rating", ">"), "higher rated": ("rating", ">"),
    "rated higher": ("rating", ">"), "worse rated": ("rating", "<"), "lower rated": ("rating", "<"),
    "rated lower": ("rating", "<"), "a higher rating": ("rating", ">"), "a better rating": ("rating", ">"),
    "a lower rating": ("rating", "<"), "a worse rating": ("rating", "<"), "more votes": ("votes", ">"),
    "fewer votes": ("votes", "<"), "less votes": ("votes", "<"), "more money": ("revenue", ">"),
    "less money": ("revenue", "<"), "made more": ("revenue", ">"), "made more money": ("revenue", ">"),
    "made less": ("revenue", "<"), "made less money": ("revenue", "<"), "earned more": ("revenue", ">"),
    "earned less": ("revenue", "<"), "grossed more": ("revenue", ">"), "grossed less": ("revenue", "<"),
    "more revenue": ("revenue", ">"), "less revenue": ("revenue", "<"), "a higher revenue": ("revenue", ">"),
    "higher revenue": ("revenue", ">"), "lower revenue": ("revenue", "<"), "more profit": ("profit", ">"),
    "less profit": ("profit", "<"), "older": ("release_date", "<"), "newer": ("release_date", ">"),
    "mas largas": ("runtime", ">"), "mas larga": ("runtime", ">"), "mas largos": ("runtime", ">"),
    "duran mas": ("runtime", ">"), "dura mas": ("runtime", ">"), "mas cortas": ("runtime", "<"),
    "mas corta": ("runtime", "<"), "duran menos": ("runtime", "<"), "dura menos": ("runtime", "<"),
    "mas caras": ("budget", ">"), "mas cara": ("budget", ">"), "costaron mas": ("budget", ">"),
    "costo mas": ("budget", ">"), "mas baratas": ("budget", "<"), "mas barata": ("budget", "<"),
    "costaron menos": ("budget", "<"), "mayor presupuesto": ("budget", ">"), "mas presupuesto": ("budget", ">"),
    "menor presupuesto": ("budget", "<"), "menos presupuesto": ("budget", "<"),
    "mas populares": ("popularity", ">"), "mas popular": ("popularity", ">"),
    "menos populares": ("popularity", "<"), "mejor valoradas": ("rating", ">"), "mejor valorada": ("rating", ">"),
    "mejor valorados": ("rating", ">"), "mejor valorado": ("rating", ">"), "peor valorados": ("rating", "<"),
    "peor valorado": ("rating", "<"),
    "mejor nota": ("rating", ">"), "mayor nota": ("rating", ">"), "mayor valoracion": ("rating", ">"),
    "peor valoradas": ("rating", "<"), "peor valorada": ("rating", "<"), "peor nota": ("rating", "<"),
    "menor nota": ("rating", "<"), "menor valoracion": ("rating", "<"), "mas votos": ("votes", ">"),
    "menos votos": ("votes", "<"), "recaudaron mas": ("revenue", ">"), "recaudo mas": ("revenue", ">"),
    "recaudaron menos": ("revenue", "<"), "recaudo menos": ("revenue", "<"), "mayor recaudacion": ("revenue", ">"),
    "mas recaudacion": ("revenue", ">"), "menor recaudacion": ("revenue", "<"),
    "menos recaudacion": ("revenue", "<"), "mas taquilleras": ("revenue", ">"), "mas taquillera": ("revenue", ">"),
    "ganaron mas": ("revenue", ">"), "mas beneficio": ("profit", ">"), "menos beneficio": ("profit", "<"),
    "mas antiguas": ("release_date", "<"), "mas antigua": ("release_date", "<"),
    "mas recientes": ("release_date", ">"), "mas reciente": ("release_date", ">"),
}  # fmt: skip
# Words that join two genres, people or countries into one condition on each movie
JOINT_WORDS = frozenset(("both", "ambos", "ambas", "tanto", "together", "juntos", "juntas", "jointly", "conjuntamente",
                         "a la vez", "al mismo tiempo", "at the same time", "at once",
                         "coproducciones", "coproduccion", "coproducidas", "coproducida", "coproduced",
                         "coproductions", "coproduction", "co productions", "co production",
                         "co produced"))  # fmt: skip
# Words that point at a series of titles ("the Toy Story series", "la saga Harry Potter")
SERIES_CUES = ("series", "serie", "saga", "sagas", "franchise", "franquicia", "entregas", "installments", "sequels",
               "secuelas", "collection", "coleccion", "trilogy", "trilogia")  # fmt: skip
MOVIE_WORDS = ("movie", "movies", "film", "films", "pelicula", "peliculas", "cine", "titles", "titulos", "releases",
               "estrenos",
               "filmes", "filme", "cintas", "cinta", "largometrajes", "largometraje", "pelis", "peli", "flicks",
               "motion pictures", "feature films")  # fmt: skip

# Words of a genre, folded: English and Spanish names, plurals and adjectives.
GENRE_WORDS: dict[str, int] = {
    "action": 28, "accion": 28,
    "adventure": 12, "adventures": 12, "aventura": 12, "aventuras": 12,
    "animation": 16, "animated": 16, "animacion": 16, "animadas": 16, "animada": 16, "dibujos animados": 16,
    "comedy": 35, "comedies": 35, "comedia": 35, "comedias": 35,
    "crime": 80, "crimen": 80, "criminal": 80, "policiacas": 80, "policiaca": 80,
    "documentary": 99, "documentaries": 99, "documental": 99, "documentales": 99,
    "drama": 18, "dramas": 18,
    "family": 10751, "familia": 10751, "familiar": 10751, "familiares": 10751,
    "fantasy": 14, "fantasia": 14, "fantasticas": 14,
    "history": 36, "historical": 36, "historia": 36, "historicas": 36, "historica": 36,
    "horror": 27, "terror": 27, "miedo": 27,
    "music": 10402, "musical": 10402, "musicals": 10402, "musica": 10402, "musicales": 10402,
    "mystery": 9648, "misterio": 9648, "misterios": 9648,
    "romance": 10749, "romantic": 10749, "romances": 10749, "romanticas": 10749, "romantica": 10749,
    "science fiction": 878, "sci-fi": 878, "sci fi": 878, "scifi": 878, "ciencia ficcion": 878,
    "tv movie": 10770, "tv movies": 10770, "pelicula de tv": 10770, "telefilm": 10770, "telefilmes": 10770,
    "thriller": 53, "thrillers": 53, "suspense": 53, "suspenso": 53,
    "war": 10752, "belica": 10752, "belicas": 10752, "guerra": 10752,
    "western": 37, "westerns": 37, "del oeste": 37,
}  # fmt: skip
assert set(GENRE_WORDS.values()) == {genre.id for genre in MOVIE_GENRES}


@dataclass(frozen=True)
class Place:
    code: str  # ISO 639-1 for a language, ISO 3166-1 for a country
    en: str
    es: str


# Original languages: the words that name one (folded), in both languages, adjectives included.
LANGUAGES: dict[str, Place] = {
    "en": Place("en", "English", "inglés"), "fr": Place("fr", "French", "francés"),
    "es": Place("es", "Spanish", "español"), "de": Place("de", "German", "alemán"),
    "it": Place("it", "Italian", "italiano"), "ja": Place("ja", "Japanese", "japonés"),
    "ko": Place("ko", "Korean", "coreano"), "zh": Place("zh", "Chinese", "chino"),
    "cn": Place("cn", "Cantonese", "cantonés"), "hi": Place("hi", "Hindi", "hindi"),
    "ru": Place("ru", "Russian", "ruso"), "pt": Place("pt", "Portuguese", "portugués"),
    "sv": Place("sv", "Swedish", "sueco"), "da": Place("da", "Danish", "danés"),
    "no": Place("no", "Norwegian", "noruego"), "nl": Place("nl", "Dutch", "neerlandés"),
    "tr": Place("tr", "Turkish", "turco"), "th": Place("th", "Thai", "tailandés"),
    "ta": Place("ta", "Tamil", "tamil"), "te": Place("te", "Telugu", "telugu"), "ml": Place("ml", "Malayalam",
    "malayalam"),
    "pl": Place("pl", "Polish", "polaco"), "fa": Place("fa", "Persian", "persa"), "ar": Place("ar", "Arabic",
    "árabe"),
    "id": Place("id", "Indonesian", "indonesio"), "fi": Place("fi", "Finnish", "finlandés"),
    "he": Place("he", "Hebrew", "hebreo"), "el": Place("el", "Greek", "griego"), "hu": Place("hu", "Hungarian",
    "húngaro"),
    "cs": Place("cs", "Czech", "checo"), "tl": Place("tl", "Tagalog", "tagalo"),
}  # fmt: skip
LANGUAGE_WORDS: dict[str, str] = {
    "english": "en", "ingles": "en", "inglesa": "en", "inglesas": "en",
    "french": "fr", "frances": "fr", "francesa": "fr", "francesas": "fr",
    "spanish": "es", "espanol": "es", "espanola": "es", "espanolas": "es", "castellano": "es",
    "german": "de", "aleman": "de", "alemana": "de", "alemanas": "de",
    "italian": "it", "italiano": "it", "italiana": "it", "italianas": "it",
    "japanese": "ja", "japones": "ja", "japonesa": "ja", "japonesas": "ja",
    "korean": "ko", "coreano": "ko", "coreana": "ko", "coreanas": "ko",
    "chinese": "zh", "mandarin": "zh", "chino": "zh", "china": "zh", "chinas": "zh",
    "cantonese": "cn", "cantones": "cn", "hindi": "hi", "bollywood": "hi",
    "russian": "ru", "ruso": "ru", "rusa": "ru", "rusas": "ru",
    "portuguese": "pt", "portugues": "pt", "portuguesa": "pt", "portuguesas": "pt",
    "swedish": "sv", "sueco": "sv", "sueca": "sv", "suecas": "sv",
    "danish": "da", "danes": "da", "danesa": "da", "danesas": "da",
    "norwegian": "no", "noruego": "no", "noruega": "no", "noruegas": "no",
    "dutch": "nl", "neerlandes": "nl", "holandes": "nl", "holandesa": "nl", "holandesas": "nl",
    "turkish": "tr", "turco": "tr", "turca": "tr", "turcas": "tr",
    "thai": "th", "tailandes": "th", "tailandesa": "th", "tailandesas": "th",
    "tamil": "ta", "telugu": "te", "malayalam": "ml",
    "polish": "pl", "polaco": "pl", "polaca": "pl", "polacas": "pl",
    "persian": "fa", "farsi": "fa", "persa": "fa", "persas": "fa",
    "arabic": "ar", "arabe": "ar", "arabes": "ar",
    "indonesian": "id", "indonesio": "id", "indonesia": "id", "indonesias": "id",
    "finnish": "fi", "finlandes": "fi", "finlandesa": "fi", "finlandesas": "fi",
    "hebrew": "he", "hebreo": "he", "greek": "el", "griego": "el", "griega": "el", "griegas": "el",
    "hungarian": "hu", "hungaro": "hu", "hungara": "hu", "czech": "cs", "checo": "cs", "checa": "cs",
    "tagalog": "tl", "filipino": "tl",
}  # fmt: skip

# Production countries: names in both languages (folded) -> ISO 3166-1.
COUNTRY_WORDS: dict[str, str] = {
    "united states": "US", "usa": "US", "us": "US", "america": "US", "estados unidos": "US", "eeuu": "US",
    "united kingdom": "GB", "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "reino unido": "GB", "inglaterra": "GB", "gran bretana": "GB",
    "france": "FR", "francia": "FR", "germany": "DE", "alemania": "DE", "spain": "ES", "espana": "ES",
    "italy": "IT", "italia": "IT", "japan": "JP", "japon": "JP", "south korea": "KR", "korea": "KR",
    "corea del sur": "KR", "corea": "KR", "china": "CN", "hong kong": "HK", "india": "IN", "canada": "CA",
    "australia": "AU", "mexico": "MX", "brazil": "BR", "brasil": "BR", "argentina": "AR", "russia": "RU",
    "rusia": "RU", "sweden": "SE", "suecia": "SE", "denmark": "DK", "dinamarca": "DK", "norway": "NO",
    "noruega": "NO", "netherlands": "NL", "holland": "NL", "paises bajos": "NL", "holanda": "NL",
    "belgium": "BE", "belgica": "BE", "ireland": "IE", "irlanda": "IE", "new zealand": "NZ",
    "nueva zelanda": "NZ", "turkey": "TR", "turquia": "TR", "thailand": "TH", "tailandia": "TH",
    "taiwan": "TW", "poland": "PL", "polonia": "PL", "switzerland": "CH", "suiza": "CH", "austria": "AT",
    "finland": "FI", "finlandia": "FI", "iran": "IR", "israel": "IL", "indonesia": "ID", "chile": "CL",
    "colombia": "CO", "peru": "PE", "south africa": "ZA", "sudafrica": "ZA", "czech republic": "CZ",
    "republica checa": "CZ", "hungary": "HU", "hungria": "HU", "greece": "GR", "grecia": "GR",
    "british": "GB", "britanica": "GB", "britanicas": "GB", "britanico": "GB", "britanicos": "GB",
    "american": "US", "estadounidense": "US", "estadounidenses": "US", "norteamericana": "US",
    "norteamericanas": "US", "hollywood": "US", "canadian": "CA", "canadiense": "CA", "canadienses": "CA",
    "australian": "AU", "australiana": "AU", "australianas": "AU", "mexican": "MX", "mexicana": "MX",
    "mexicanas": "MX", "indian": "IN", "irish": "IE", "irlandesa": "IE", "irlandesas": "IE",
    "argentine": "AR", "argentinas": "AR", "brazilian": "BR", "brasilena": "BR", "brasilenas": "BR",
    "south korean": "KR", "surcoreana": "KR", "surcoreanas": "KR", "new zealander": "NZ",
    "portugal": "PT", "philippines": "PH", "filipinas": "PH", "nigeria": "NG", "egypt": "EG", "egipto": "EG",
}  # fmt: skip
# A country's name in each language, for the answer's restatement of the filters.
COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    "US": ("the United States", "Estados Unidos"), "GB": ("the United Kingdom", "Reino Unido"),
    "FR": ("France", "Francia"), "DE": ("Germany", "Alemania"), "ES": ("Spain", "España"), "IT": ("Italy", "Italia"),
    "JP": ("Japan", "Japón"), "KR": ("South Korea", "Corea del Sur"), "CN": ("China", "China"),
    "HK": ("Hong Kong", "Hong Kong"), "IN": ("India", "India"), "CA": ("Canada", "Canadá"),
    "AU": ("Australia", "Australia"), "MX": ("Mexico", "México"), "BR": ("Brazil", "Brasil"),
    "AR": ("Argentina", "Argentina"), "RU": ("Russia", "Rusia"), "SE": ("Sweden", "Suecia"),
    "DK": ("Denmark", "Dinamarca"), "NO": ("Norway", "Noruega"), "NL": ("the Netherlands", "los Países Bajos"),
    "BE": ("Belgium", "Bélgica"), "IE": ("Ireland", "Irlanda"), "NZ": ("New Zealand", "Nueva Zelanda"),
    "TR": ("Turkey", "Turquía"), "TH": ("Thailand", "Tailandia"), "TW": ("Taiwan", "Taiwán"),
    "PL": ("Poland", "Polonia"), "CH": ("Switzerland", "Suiza"), "AT": ("Austria", "Austria"),
    "FI": ("Finland", "Finlandia"), "IR": ("Iran", "Irán"), "IL": ("Israel", "Israel"),
    "ID": ("Indonesia", "Indonesia"), "CL": ("Chile", "Chile"), "CO": ("Colombia", "Colombia"), "PE": ("Peru", "Perú"),
    "ZA": ("South Africa", "Sudáfrica"), "CZ": ("the Czech Republic", "la República Checa"),
    "HU": ("Hungary", "Hungría"), "GR": ("Greece", "Grecia"), "PT": ("Portugal", "Portugal"),
    "PH": ("the Philippines", "Filipinas"), "NG": ("Nigeria", "Nigeria"), "EG": ("Egypt", "Egipto"),
}  # fmt: skip

# Words that say which movie field a lookup asks for.
LOOKUP_WORDS: dict[str, LookupField] = {
    "directed": "director", "director": "director", "directors": "director", "dirigio": "director",
    "dirigida": "director", "dirigido": "director", "dirigieron": "director", "directed by": "director",
    "starred": "cast", "starring": "cast", "stars": "cast", "cast": "cast", "actors": "cast", "actor": "cast",
    "actua": "cast", "acted": "cast",
    "reparto": "cast", "actores": "cast", "protagonistas": "cast", "protagonizo": "cast", "actuo": "cast",
    "actuan": "cast", "elenco": "cast",
    "released": "release_date", "release": "release_date", "came out": "release_date", "come out": "release_date",
    "premiered": "release_date",
    "estreno": "release_date", "estrenada": "release_date", "estrenado": "release_date", "salio": "release_date",
    "fecha": "release_date", "when": "release_date", "cuando": "release_date",
    "budget": "budget", "cost": "budget", "presupuesto": "budget", "costo": "budget", "costó": "budget",
    "revenue": "revenue", "gross": "revenue", "earn": "revenue", "make": "revenue", "made": "revenue",
    "box office": "revenue", "taquilla": "revenue", "recaudo": "revenue", "recaudacion": "revenue",
    "ingresos": "revenue", "gano": "revenue",
    "profit": "profit", "beneficio": "profit", "ganancia": "profit",
    "rating": "rating", "rated": "rating", "score": "rating", "valoracion": "rating", "nota": "rating",
    "puntuacion": "rating", "calificacion": "rating",
    "votes": "votes", "votos": "votes", "popularity": "popularity", "popularidad": "popularity",
    "runtime": "runtime", "how long": "runtime", "long": "runtime", "length": "runtime", "duracion": "runtime",
    "dura": "runtime", "minutes": "runtime", "minutos": "runtime",
    "genre": "genres", "genres": "genres", "genero": "genres", "generos": "genres",
    "language": "language", "idioma": "language",
    "studio": "companies", "produced": "companies", "company": "companies", "companies": "companies",
    "produjo": "companies", "productora": "companies", "produced by": "companies",
    "about": "overview", "plot": "overview", "trata": "overview", "argumento": "overview", "sinopsis": "overview",
}  # fmt: skip

# A question that asks to change data, or talks SQL at us, is refused before anything else.
WRITE_WORDS = (
    "drop", "delete", "remove", "insert", "update", "truncate", "alter", "grant", "revoke", "create table",
    "modify", "change the", "set the", "rename", "overwrite", "wipe", "erase", "destroy", "add a movie",
    "borra", "borrar", "elimina", "eliminar", "inserta", "insertar", "actualiza", "actualizar", "modifica",
    "modificar", "cambia", "cambiar", "anade", "anadir", "agrega", "agregar", "destruye", "vacia",
)  # fmt: skip
# Signs of SQL (or of an attack on it) in a question: matched on the raw lower-cased text.
SQL_PATTERNS = (
    r"\bselect\b.*\bfrom\b",
    r"\bunion\b.*\bselect\b",
    r";",
    r"--",
    r"/\*",
    r"\*/",
    r"\bpg_\w+",
    r"information_schema",
    r"\bsleep\s*\(",
    r"\bcopy\b.*\b(to|from)\b",
    r"'\s*or\s",
    r"\bor\s+1\s*=\s*1",
    r"\bexec(ute)?\b",
    r"\bdrop\s+(table|database|schema)",
    r"\bxp_\w+",
    r"\\copy",
    r"\$\$",
)

SPANISH_HINTS = frozenset(
    "que cual cuales cuantas cuantos quien quienes cuando donde peliculas pelicula de del la las los el "
    "por con mas menos mayor menor ano anos desde entre hasta antes despues dirigio dirigidas dirigida "
    "hay tiene tuvo fue son y o mejor mejores peor duran dura presupuesto recaudacion taquilla genero "
    "generos sobre estreno estrenaron estrenadas se en una uno dame muestra lista cuanto cuanta ingresos "
    "valoradas tus tu mis mi todas todos esta este estas estos ejecuta olvida ignora reglas instrucciones "
    "anteriores dime quiero sus pero sin muy borra elimina tabla contrasenas usuarios".split()
)
# SQL words are left out: "DELETE FROM movies" inside a Spanish sentence must not make it English.
ENGLISH_HINTS = frozenset(
    "what which who whom when where how many much the of by with movies movie films film most least top "
    "highest lowest best worst in since after before between and or is are was were did do does show list "
    "give me budget revenue rating genre genres year released directed starring about".split()
)

NUMBER_WORDS: dict[str, int] = {
    "mil": 1000,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "dozen": 12,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cincuenta": 50,
    "docena": 12,
}  # fmt: skip
DECADE_WORDS: dict[str, int] = {
    "twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960, "seventies": 1970,
    "eighties": 1980, "nineties": 1990, "veinte": 1920, "treinta": 1930, "cuarenta": 1940, "cincuenta": 1950,
    "sesenta": 1960, "setenta": 1970, "ochenta": 1980, "noventa": 1990,
}  # fmt: skip

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
    "dec": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
MONTH_NAMES = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}  # fmt: skip

# TMDB's status of a movie, by the words that name it.
STATUS_WORDS: dict[str, str] = {
    "post production": "Post Production", "postproduction": "Post Production", "postproduccion": "Post Production",
    "en postproduccion": "Post Production", "rumored": "Rumored", "rumoured": "Rumored", "rumoreadas": "Rumored",
    "rumoreada": "Rumored", "en estado de rumor": "Rumored", "en rumor": "Rumored", "rumor": "Rumored",
    "rumores": "Rumored", "rumoreado": "Rumored", "rumoreados": "Rumored", "in production": "In Production",
    "en produccion": "In Production",
    "planned": "Planned", "planeadas": "Planned", "planificadas": "Planned", "canceled": "Canceled",
    "cancelled": "Canceled", "canceladas": "Canceled", "cancelada": "Canceled",
}  # fmt: skip

# "the share of 2012's movies that are dramas": the words that ask for a percentage of the movies matched.
SHARE_WORDS = ("percentage", "percent", "share", "proportion", "fraction", "porcentaje", "proporcion", "fraccion",
               "por ciento", "what part", "que parte")  # fmt: skip
# Where the movies counted stop and the part asked about starts: "of 2012 movies | are dramas".
SHARE_PIVOTS = ("are", "is", "were", "was", "have", "has", "had", "made", "earned", "grossed", "cost", "run",
                "ran", "runs", "last", "lasts", "lasted", "make", "makes", "earn", "earns", "gross", "grosses",
                "costs", "superan", "supera", "exceed", "exceeds", "exceeded", "tiene", "tenga", "tengan", "tuvo",
                "tenian", "tenia", "dura", "duro", "duraban", "cuesta", "costo", "recauda", "gana", "obtuvieron",
                "lost", "turned", "perdieron", "perdio", "dieron", "dio",
                "son", "es", "eran", "fueron", "tienen", "tuvieron", "recaudaron", "recaudo", "ganaron", "gano",
                "superaron", "costaron", "duran", "duraron", "that", "which", "que")  # fmt: skip

# "no known runtime", "sin presupuesto conocido", "with a known budget": a measure known or not.
KNOWN_WORDS_FOR_VALUES = ("known", "conocido", "conocida", "conocidos", "conocidas", "available", "disponible",
                          "disponibles", "reported", "registrado", "registrada", "registrados", "registradas",
                          "recorded", "disclosed", "informado", "informada", "publicado", "publicada")  # fmt: skip
UNKNOWN_WORDS = ("unknown", "desconocido", "desconocida", "desconocidos", "desconocidas", "missing", "unreported",
                 "undisclosed", "unavailable", "blank", "empty", "null")  # fmt: skip
ABSENCE_WORDS = ("no", "without", "sin", "lack", "lacks", "lacking", "not", "carecen", "carece", "falta", "faltan",
                 "never", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt")  # fmt: skip

# "made less than twice their budget": how many times the other value.
MULTIPLIERS: dict[str, float] = {
    "twice": 2, "double": 2, "doble": 2, "el doble": 2, "del doble": 2, "triple": 3, "el triple": 3,
    "del triple": 3, "thrice": 3, "three times": 3, "tres veces": 3, "two times": 2, "dos veces": 2,
    "four times": 4, "cuatro veces": 4, "five times": 5, "cinco veces": 5, "ten times": 10, "diez veces": 10,
    "two fold": 2, "three fold": 3, "four fold": 4, "five fold": 5, "ten fold": 10, "twofold": 2, "threefold": 3,
    "fourfold": 4, "fivefold": 5, "tenfold": 10,
    "half": 0.5, "la mitad": 0.5, "la mitad de": 0.5, "mitad": 0.5, "quadruple": 4, "cuadruple": 4, "el cuadruple": 4,
    "del cuadruple": 4, "quintuple": 5, "el quintuple": 5, "del quintuple": 5,
}  # fmt: skip

# Verbs of money made or spent: with one, a money measure is a total ("how much did Pixar make")
MONEY_VERBS = ("made", "make", "makes", "earned", "earn", "earns", "grossed", "gross", "spent", "spend",
               "recaudo", "recaudaron", "recauda", "recaudan", "gano", "ganaron", "gana", "ganan", "gasto",
               "gastaron", "hizo", "hicieron", "genero", "generaron")  # fmt: skip
