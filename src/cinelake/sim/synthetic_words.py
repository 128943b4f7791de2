"""Word and name lists for the synthetic catalogue (see synthetic.py).

Only data lives here. Every list is a tuple, so its order is fixed and a seeded draw is reproducible.
People, companies and titles are invented; genre ids, ISO codes and language names are TMDB's.
"""

from typing import NamedTuple


class Language(NamedTuple):
    code: str  # ISO 639-1
    english_name: str
    native_name: str
    share: float  # of films in this original language
    home_countries: tuple[tuple[str, float], ...]  # ISO 3166-1 code, weight


class GenreEffect(NamedTuple):
    log_budget: float
    log_revenue_ratio: float  # effect on log(revenue / budget)
    vote_average: float
    runtime: int  # typical minutes


# How often each of TMDB's genres (cinelake.domain.genres) appears in a catalogue, by genre id.
GENRE_SHARES: tuple[tuple[int, float], ...] = (
    (28, 0.14),  # Action
    (12, 0.08),  # Adventure
    (16, 0.05),  # Animation
    (35, 0.22),  # Comedy
    (80, 0.09),  # Crime
    (99, 0.04),  # Documentary
    (18, 0.32),  # Drama
    (10751, 0.06),  # Family
    (14, 0.05),  # Fantasy
    (36, 0.03),  # History
    (27, 0.09),  # Horror
    (10402, 0.02),  # Music
    (9648, 0.05),  # Mystery
    (10749, 0.11),  # Romance
    (878, 0.06),  # Science Fiction
    (10770, 0.02),  # TV Movie
    (53, 0.13),  # Thriller
    (10752, 0.02),  # War
    (37, 0.015),  # Western
)

# Horror is cheap and often profitable; documentaries and TV movies rarely earn much.
GENRE_EFFECTS: dict[int, GenreEffect] = {
    28: GenreEffect(0.5, 0.10, -0.2, 112),
    12: GenreEffect(0.6, 0.20, 0.0, 116),
    16: GenreEffect(0.5, 0.35, 0.3, 92),
    35: GenreEffect(0.0, 0.10, -0.2, 100),
    80: GenreEffect(0.0, -0.10, 0.1, 110),
    99: GenreEffect(-1.6, -0.40, 0.6, 88),
    18: GenreEffect(-0.3, -0.25, 0.3, 112),
    10751: GenreEffect(0.3, 0.25, 0.0, 98),
    14: GenreEffect(0.4, 0.05, 0.0, 110),
    36: GenreEffect(0.1, -0.20, 0.4, 128),
    27: GenreEffect(-0.7, 0.50, -0.7, 95),
    10402: GenreEffect(-0.3, 0.00, 0.3, 105),
    9648: GenreEffect(0.0, 0.00, 0.0, 106),
    10749: GenreEffect(-0.2, 0.05, 0.0, 105),
    878: GenreEffect(0.5, 0.10, -0.1, 114),
    10770: GenreEffect(-1.0, -0.60, -0.2, 88),
    53: GenreEffect(0.0, 0.00, -0.1, 106),
    10752: GenreEffect(0.2, -0.20, 0.3, 124),
    37: GenreEffect(0.0, -0.30, 0.1, 112),
}

# Release month -> effect on log revenue/budget: summer and the holidays pay, January and September do not.
MONTH_EFFECTS: tuple[float, ...] = (-0.30, -0.10, 0.0, 0.0, 0.20, 0.30, 0.30, 0.0, -0.30, 0.0, 0.20, 0.25)

COUNTRY_NAMES: dict[str, str] = {
    "US": "United States of America",
    "GB": "United Kingdom",
    "CA": "Canada",
    "AU": "Australia",
    "IE": "Ireland",
    "NZ": "New Zealand",
    "ES": "Spain",
    "MX": "Mexico",
    "AR": "Argentina",
    "CO": "Colombia",
    "CL": "Chile",
    "FR": "France",
    "BE": "Belgium",
    "JP": "Japan",
    "KR": "South Korea",
    "CN": "China",
    "HK": "Hong Kong",
    "TW": "Taiwan",
    "IT": "Italy",
    "DE": "Germany",
    "AT": "Austria",
    "CH": "Switzerland",
    "IN": "India",
    "BR": "Brazil",
    "PT": "Portugal",
    "RU": "Russia",
    "SE": "Sweden",
}

# Countries that often join a production as a second or third partner.
CO_PRODUCERS: tuple[str, ...] = ("US", "GB", "FR", "DE", "CA", "ES", "IT", "BE", "AU", "CH")

# Original languages, most common first. TMDB's own names (its Russian name really starts with a Latin P).
LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", 0.665, (("US", 70), ("GB", 14), ("CA", 8), ("AU", 5), ("IE", 2), ("NZ", 1))),
    Language("es", "Spanish", "Español", 0.10, (("ES", 40), ("MX", 30), ("AR", 15), ("CO", 8), ("CL", 7))),
    Language("fr", "French", "Français", 0.045, (("FR", 80), ("BE", 10), ("CA", 10))),
    Language("ja", "Japanese", "日本語", 0.045, (("JP", 1),)),
    Language("ko", "Korean", "한국어/조선말", 0.03, (("KR", 1),)),
    Language("zh", "Mandarin", "普通话", 0.025, (("CN", 60), ("HK", 25), ("TW", 15))),
    Language("it", "Italian", "Italiano", 0.02, (("IT", 1),)),
    Language("de", "German", "Deutsch", 0.02, (("DE", 75), ("AT", 15), ("CH", 10))),
    Language("hi", "Hindi", "हिन्दी", 0.02, (("IN", 1),)),
    Language("pt", "Portuguese", "Português", 0.01, (("BR", 70), ("PT", 30))),
    Language("ru", "Russian", "Pусский", 0.01, (("RU", 1),)),
    Language("sv", "Swedish", "svenska", 0.01, (("SE", 1),)),
)  # fmt: skip

LANGUAGES_BY_CODE = {language.code: language for language in LANGUAGES}

# Given names (female, male) and family names by original language. Family-name-first languages are
# listed in FAMILY_NAME_FIRST; Russian women take the feminine form of the family name (Ivanov -> Ivanova).
FEMALE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Emma", "Olivia", "Sarah", "Jessica", "Laura", "Rachel", "Megan", "Hannah", "Grace", "Claire",
           "Amelia", "Kate", "Julia", "Natalie", "Rebecca", "Lucy", "Anna", "Diane", "Helen", "Margaret",
           "Naomi", "Audrey", "Vivian", "Maggie", "Nora", "Sophie", "Ruth", "Alice", "Jane", "Molly",
           "Evelyn", "Harriet", "Iris", "Joan", "Leah", "Mara", "Paige", "Rosa", "Tessa", "Wendy"),
    "es": ("María", "Lucía", "Carmen", "Sofía", "Valeria", "Paula", "Elena", "Isabel", "Marta", "Ana",
           "Camila", "Daniela", "Rocío", "Inés", "Pilar", "Beatriz", "Ximena", "Renata", "Julieta", "Alba"),
    "fr": ("Camille", "Léa", "Chloé", "Juliette", "Margaux", "Élise", "Céline", "Isabelle", "Sandrine",
           "Manon", "Aurélie", "Nathalie"),
    "ja": ("Yui", "Haruka", "Aoi", "Sakura", "Misaki", "Yuko", "Naomi", "Rin", "Emi", "Kaori", "Ayumi", "Mei"),
    "ko": ("Ji-woo", "Seo-yeon", "Min-ji", "Ha-eun", "Soo-ah", "Ye-jin", "Yoon-ah", "Da-eun", "Eun-bi",
           "Hye-jin"),
    "zh": ("Mei", "Xiaoling", "Yan", "Jing", "Xinyi", "Wenjing", "Yuqi", "Jiayi", "Ruoxi", "Hui"),
    "it": ("Giulia", "Francesca", "Chiara", "Sara", "Valentina", "Alessandra", "Elisa", "Martina",
           "Federica", "Silvia"),
    "de": ("Anna", "Lena", "Katharina", "Julia", "Sabine", "Claudia", "Hanna", "Marie", "Sophie", "Nina"),
    "hi": ("Priya", "Ananya", "Kavya", "Neha", "Pooja", "Aishwarya", "Deepika", "Shreya", "Meera", "Radhika"),
    "pt": ("Ana", "Beatriz", "Mariana", "Júlia", "Larissa", "Gabriela", "Fernanda", "Inês"),
    "ru": ("Anna", "Olga", "Natalya", "Yekaterina", "Irina", "Svetlana", "Mariya", "Darya"),
    "sv": ("Astrid", "Ingrid", "Elsa", "Maja", "Linnea", "Saga", "Karin", "Frida"),
}  # fmt: skip

MALE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("James", "Michael", "Robert", "David", "Thomas", "Daniel", "Matthew", "Andrew", "Christopher",
           "Ryan", "Jack", "Samuel", "Peter", "Henry", "George", "Paul", "Mark", "Adam", "Nathan", "Ben",
           "Tom", "Oliver", "Luke", "Frank", "Walter", "Owen", "Ethan", "Harold", "Vincent", "Simon",
           "Aaron", "Caleb", "Dennis", "Elliot", "Felix", "Gordon", "Isaac", "Joel", "Leon", "Martin"),
    "es": ("Javier", "Diego", "Alejandro", "Pablo", "Carlos", "Mateo", "Andrés", "Luis", "Miguel", "Sergio",
           "Raúl", "Fernando", "Gonzalo", "Tomás", "Joaquín", "Emilio", "Ignacio", "Santiago", "Rodrigo",
           "Álvaro"),
    "fr": ("Louis", "Hugo", "Julien", "Antoine", "Mathieu", "Olivier", "Pierre", "Vincent", "Théo",
           "Guillaume", "Étienne", "François"),
    "ja": ("Haruto", "Takumi", "Kenji", "Hiroshi", "Ryo", "Daisuke", "Sota", "Kazuki", "Shota", "Makoto",
           "Koji", "Yusuke"),
    "ko": ("Min-jun", "Seo-jun", "Do-yun", "Ji-ho", "Joon-young", "Hyun-woo", "Sung-min", "Tae-yang",
           "Jae-won", "Dong-hyun"),
    "zh": ("Wei", "Jun", "Hao", "Lei", "Yifan", "Zhiwei", "Tao", "Bo", "Ming", "Qiang"),
    "it": ("Marco", "Luca", "Alessandro", "Giovanni", "Matteo", "Lorenzo", "Andrea", "Stefano", "Paolo",
           "Riccardo"),
    "de": ("Lukas", "Jonas", "Felix", "Matthias", "Stefan", "Florian", "Tobias", "Markus", "Jan", "Sebastian"),
    "hi": ("Arjun", "Rahul", "Vikram", "Rohan", "Aditya", "Karan", "Siddharth", "Amit", "Ravi", "Sanjay"),
    "pt": ("João", "Pedro", "Rafael", "Thiago", "Gustavo", "Bruno", "Rodrigo", "Tiago"),
    "ru": ("Aleksandr", "Dmitriy", "Sergey", "Ivan", "Nikolay", "Pavel", "Andrey", "Mikhail"),
    "sv": ("Erik", "Lars", "Anders", "Johan", "Nils", "Gustav", "Oskar", "Henrik"),
}  # fmt: skip

FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Anderson", "Barnes", "Bennett", "Brooks", "Carter", "Coleman", "Cooper", "Crawford", "Dawson",
           "Ellis", "Fisher", "Fletcher", "Foster", "Graham", "Hayes", "Harper", "Holloway", "Hughes",
           "Jensen", "Keller", "Lawson", "Marsh", "Mitchell", "Morgan", "Murphy", "Parker", "Porter", "Reed",
           "Reynolds", "Russell", "Sawyer", "Shaw", "Sullivan", "Thornton", "Turner", "Walsh", "Warren",
           "Webb", "Whitaker", "Wright", "Doyle", "Gallagher", "Hale", "Kendall", "Lowell", "Mercer",
           "Prescott", "Quinn", "Rowe", "Sinclair", "Abbott", "Blake", "Chandler", "Donovan", "Everett",
           "Finch", "Garrison", "Hartley", "Ingram", "Langley"),
    "es": ("García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Torres", "Ruiz", "Navarro",
           "Morales", "Castillo", "Ortega", "Delgado", "Vargas", "Herrera", "Medina", "Rojas", "Guerrero",
           "Aguilar", "Iglesias", "Cabrera", "Salazar", "Fuentes", "Ibarra", "Vidal", "Peña", "Soler",
           "Montero", "Beltrán", "Cortés"),
    "fr": ("Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefèvre", "Roux", "Fournier", "Girard",
           "Bonnet", "Mercier", "Blanc", "Garnier", "Chevalier", "Rousseau", "Lambert"),
    "ja": ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",
           "Kato", "Yoshida", "Yamada", "Matsumoto", "Inoue", "Kimura", "Hayashi"),
    "ko": ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
           "Shin", "Kwon"),
    "zh": ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
           "Zhu", "Hu", "Lin"),
    "it": ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
           "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini"),
    "de": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schulz",
           "Koch", "Richter", "Klein", "Wolf", "Neumann", "Braun"),
    "hi": ("Sharma", "Verma", "Gupta", "Kapoor", "Khanna", "Singh", "Mehta", "Malhotra", "Chopra", "Joshi",
           "Iyer", "Reddy", "Nair", "Bose", "Desai"),
    "pt": ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira", "Carvalho",
           "Ribeiro", "Gomes", "Lima"),
    "ru": ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkov", "Morozov", "Lebedev", "Kozlov",
           "Novikov"),
    "sv": ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
           "Lindqvist", "Berg", "Lund", "Holm"),
}  # fmt: skip

FAMILY_NAME_FIRST: tuple[str, ...] = ("ko", "zh")

# A character is sometimes named by role rather than by name.
CHARACTER_ROLES: tuple[str, ...] = (
    "Detective", "Dr.", "Captain", "Agent", "Officer", "Sergeant", "Professor", "Mrs.", "Mr.", "Father",
)  # fmt: skip

# Production companies: the big studios (fictional) lead each language's list; the rest are made of a
# brand word and a suffix. (name, origin country, strength): strength raises budgets and box office.
MAJOR_STUDIOS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "en": (
        ("Monolith Pictures", "US", 1.9),
        ("Pacific Crest Studios", "US", 1.8),
        ("Empire State Entertainment", "US", 1.7),
        ("Goldfield Pictures", "US", 1.6),
        ("Starboard Films", "US", 1.5),
        ("Twin Rivers Entertainment", "US", 1.4),
        ("Albion Film Company", "GB", 1.2),
        ("Maple Leaf Pictures", "CA", 0.9),
    ),
    "es": (("Estudios Miramar", "ES", 1.0), ("Cine Azteca", "MX", 0.9)),
    "fr": (("Lumière Nouvelle", "FR", 1.1),),
    "ja": (("Sakura Eiga", "JP", 1.2),),
    "ko": (("Hanbit Pictures", "KR", 1.1),),
    "zh": (("Great Wall Film Group", "CN", 1.2),),
    "hi": (("Marine Drive Films", "IN", 1.0),),
}

COMPANY_BRANDS: dict[str, tuple[str, ...]] = {
    "en": ("Silver", "Harbor", "Redwood", "Lantern", "Northstar", "Ironbridge", "Bluebird", "Granite",
           "Meridian", "Foxglove", "Summit", "Beacon", "Hollow", "Crescent", "Juniper", "Falcon", "Orchard",
           "Atlas", "Cobalt", "Driftwood", "Ember", "Kestrel", "Lighthouse", "Nightjar", "Obsidian",
           "Pioneer", "Quarry", "Riverstone", "Sparrow", "Thistle", "Vanguard", "Willow", "Zephyr",
           "Blackbird", "Copperhead", "Greenhouse", "Highline", "Longshot", "Moonlit", "Paper Kite"),
    "es": ("Luna Roja", "El Faro", "Sierra", "Altamira", "Cóndor", "Magnolia", "Tierra", "Alborada",
           "Cielo Azul", "Colibrí", "Mar Abierto", "La Higuera", "Jaguar", "Puerto Viejo"),
    "fr": ("Rivage", "Bastille", "Papillon", "Clair Obscur", "Mistral", "Les Lucioles", "Marais", "Azur"),
    "ja": ("Kaze", "Hikari", "Yama", "Tsuki", "Nami", "Hoshi", "Mori", "Sora"),
    "ko": ("Hangang", "Baram", "Byeol", "Namsan", "Haneul", "Sori", "Nabi", "Bada"),
    "zh": ("Golden Dragon", "Jade River", "Red Lantern", "Bamboo", "Phoenix", "Pearl", "Lotus", "Crane"),
    "it": ("Vesuvio", "Laguna", "Sirena", "Aurora", "Cinecittà Nuova", "Girasole", "Palatino", "Tevere"),
    "de": ("Nordlicht", "Eisberg", "Kranich", "Sonnenhof", "Spreewald", "Bergblick", "Falke", "Hafen"),
    "hi": ("Saffron", "Monsoon", "Lotus", "Peacock", "Ganga", "Sitara", "Chandni", "Tiger"),
    "pt": ("Maré", "Sertão", "Ipanema", "Andorinha", "Farol", "Tejo"),
    "ru": ("Volga", "Sever", "Zarya", "Sokol", "Iskra", "Neva"),
    "sv": ("Norrsken", "Fjäll", "Skärgård", "Tranan", "Vinter", "Älv"),
}  # fmt: skip

COMPANY_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("Pictures", "Films", "Entertainment", "Productions", "Studios", "Media", "Film Partners"),
    "es": ("Producciones", "Films", "Cine", "Estudios", "Audiovisual"),
    "fr": ("Productions", "Films", "Cinéma"),
    "ja": ("Pictures", "Eiga", "Films"),
    "ko": ("Pictures", "Film", "Entertainment"),
    "zh": ("Pictures", "Film", "Media"),
    "it": ("Film", "Produzioni", "Cinematografica"),
    "de": ("Filmproduktion", "Film", "Pictures"),
    "hi": ("Films", "Productions", "Pictures"),
    "pt": ("Filmes", "Produções"),
    "ru": ("Film", "Studio"),
    "sv": ("Film", "Filmproduktion"),
}

# Suffixes written before the brand ("Producciones El Faro"), as is usual in Spanish.
SUFFIX_FIRST: tuple[str, ...] = ("Producciones", "Cine", "Estudios")

# English titles: "The {adjective} {noun}", "{noun} of the {noun}", "Return to {place}" ...
TITLE_ADJECTIVES: tuple[str, ...] = (
    "Silent", "Broken", "Last", "Hidden", "Crimson", "Endless", "Golden", "Lost", "Wild", "Dark", "Bright",
    "Frozen", "Burning", "Distant", "Forgotten", "Secret", "Hollow", "Restless", "Savage", "Quiet", "Little",
    "Midnight", "Electric", "Bitter", "Fallen", "Final", "Iron", "Paper", "Velvet", "Wicked", "Perfect",
    "Lonely", "Sweet", "Cold", "Blue", "Red", "Black", "White", "Invisible", "Dangerous",
)  # fmt: skip

TITLE_NOUNS: tuple[str, ...] = (
    "Harbor", "Shadow", "River", "Night", "Storm", "Garden", "Road", "Kingdom", "Witness", "Promise", "Signal",
    "Frontier", "Empire", "Horizon", "Echo", "Island", "Summer", "Winter", "Heart", "Hunter", "Stranger",
    "Machine", "Secret", "Circle", "Border", "Mountain", "Dream", "Game", "Code", "Truth", "Letter", "House",
    "Bridge", "Voyage", "Ghost", "Crown", "Season", "Fire", "Mirror", "Silence", "Legacy", "Deal", "Flight",
    "Orbit", "Heist", "Reckoning", "Prophecy", "Daughter", "Son", "Brother",
)  # fmt: skip

TITLE_PLACES: tuple[str, ...] = (
    "Brooklyn", "Chicago", "Nevada", "Alaska", "Montana", "London", "Paris", "Tokyo", "Havana", "Cairo",
    "Marrakesh", "Berlin", "Vegas", "Texas", "Dublin", "Memphis", "Sydney", "Rio", "Moscow", "Mars",
)  # fmt: skip

# Templates for one English title; {A} adjective, {N} and {M} nouns, {P} a place, {F} a given name.
TITLE_TEMPLATES: tuple[str, ...] = (
    "The {A} {N}", "{A} {N}", "The {N}", "{N} of the {M}", "The {N} and the {M}", "{F}'s {N}",
    "Return to {P}", "Last Train to {P}", "Escape from {P}", "{P} Nights", "One {N} in {P}", "{N}",
    "The {N} Code", "Beyond the {N}", "{A} {P}", "Under the {A} {N}",
)  # fmt: skip

# Spanish noun phrases with their English: titles are built from them ("La noche del silencio").
SPANISH_PHRASES: tuple[tuple[str, str], ...] = (
    ("la noche", "the night"), ("el silencio", "the silence"), ("la casa", "the house"),
    ("el río", "the river"), ("las sombras", "the shadows"), ("el viaje", "the journey"),
    ("la memoria", "the memory"), ("el último verano", "the last summer"), ("la tormenta", "the storm"),
    ("los olvidados", "the forgotten"), ("el secreto", "the secret"), ("la frontera", "the border"),
    ("el mar", "the sea"), ("la ciudad", "the city"), ("el desierto", "the desert"), ("la luna", "the moon"),
    ("el jardín", "the garden"), ("la herida", "the wound"), ("el fuego", "the fire"),
    ("la huida", "the escape"), ("los lobos", "the wolves"), ("la lluvia", "the rain"),
    ("el invierno", "the winter"), ("la promesa", "the promise"), ("el hijo", "the son"),
    ("la madre", "the mother"), ("los ausentes", "the absent"), ("el camino", "the road"),
    ("la isla", "the island"), ("el espejo", "the mirror"), ("las flores", "the flowers"),
    ("el pueblo", "the village"), ("la venganza", "the revenge"), ("el tesoro", "the treasure"),
)  # fmt: skip

# (Spanish, English) templates: {a} and {b} are phrases from SPANISH_PHRASES; "de el" becomes "del".
SPANISH_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("{a}", "{a}"),
    ("{a} de {b}", "{a} of {b}"),
    ("{a} y {b}", "{a} and {b}"),
    ("después de {a}", "after {a}"),
    ("más allá de {a}", "beyond {a}"),
    ("todos los días de {a}", "every day of {a}"),
    ("en busca de {a}", "in search of {a}"),
    ("{a} en llamas", "{a} in flames"),
)

# Other languages: whole titles in the original language with their English release titles.
FOREIGN_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (("La Nuit des étoiles", "The Night of the Stars"), ("Le Dernier Été", "The Last Summer"),
           ("Les Enfants du fleuve", "The Children of the River"), ("Un homme pressé", "A Man in a Hurry"),
           ("La Maison du silence", "The House of Silence"), ("Mon frère", "My Brother"),
           ("Le Retour", "The Return"), ("Les Amants de Paris", "The Lovers of Paris"),
           ("L'Hiver à Lyon", "Winter in Lyon"), ("Sous la pluie", "In the Rain"),
           ("La Fille du phare", "The Lighthouse Keeper's Daughter"), ("Au bout de la nuit", "At Night's End"),
           ("Le Temps d'aimer", "A Time to Love"), ("Les Voleurs", "The Thieves")),
    "de": (("Die Stille", "The Silence"), ("Der lange Winter", "The Long Winter"),
           ("Das Haus am See", "The House by the Lake"), ("Nachtzug nach Berlin", "Night Train to Berlin"),
           ("Die Erben", "The Heirs"), ("Im Schatten der Stadt", "In the Shadow of the City"),
           ("Der Fremde", "The Stranger"), ("Zwischen den Welten", "Between Worlds"),
           ("Das letzte Licht", "The Last Light"), ("Kalte Spuren", "Cold Traces"), ("Heimkehr", "Homecoming")),
    "it": (("La notte bianca", "The White Night"), ("Il silenzio del mare", "The Silence of the Sea"),
           ("L'ultimo inverno", "The Last Winter"), ("I ladri di Roma", "The Thieves of Rome"),
           ("La casa sul lago", "The House on the Lake"), ("Mio padre", "My Father"),
           ("Il ritorno", "The Return"), ("Le stelle di Napoli", "The Stars of Naples"),
           ("Una vita tranquilla", "A Quiet Life"), ("Il giardino segreto", "The Secret Garden")),
    "ja": (("夜の光", "Light of the Night"), ("最後の夏", "The Last Summer"), ("東京の雨", "Rain in Tokyo"),
           ("沈黙の海", "Sea of Silence"), ("約束", "The Promise"), ("星を追う者", "The Star Chaser"),
           ("家族の肖像", "Family Portrait"), ("青い春", "Blue Spring"), ("侍の道", "Way of the Samurai"),
           ("桜の下で", "Under the Cherry Blossoms"), ("帰り道", "The Way Home"), ("小さな恋", "A Small Love")),
    "ko": (("밤의 기억", "Memory of the Night"), ("마지막 여름", "The Last Summer"), ("서울의 비", "Rain in Seoul"),
           ("약속", "The Promise"), ("바다의 침묵", "The Silence of the Sea"), ("형제", "Brothers"),
           ("그림자", "The Shadow"), ("집으로 가는 길", "The Way Home"), ("복수", "Revenge"),
           ("작은 별", "Little Star")),
    "zh": (("夜之光", "Light of the Night"), ("最后的夏天", "The Last Summer"), ("归途", "The Way Home"),
           ("沉默的海", "The Silent Sea"), ("兄弟", "Brothers"), ("影子", "Shadow"), ("上海之雨", "Shanghai Rain"),
           ("约定", "The Promise"), ("红灯笼", "Red Lantern"), ("江湖儿女", "Children of the Jianghu")),
    "hi": (("रात की रोशनी", "Light of the Night"), ("आख़िरी गर्मी", "The Last Summer"), ("वादा", "The Promise"),
           ("घर वापसी", "Homecoming"), ("भाई", "Brother"), ("सपने", "Dreams"), ("मुंबई की बारिश", "Mumbai Rain"),
           ("परछाई", "Shadow"), ("दोस्ती", "Friendship"), ("बदला", "Revenge")),
    "pt": (("A Noite Longa", "The Long Night"), ("O Último Verão", "The Last Summer"),
           ("Cidade do Mar", "City of the Sea"), ("O Silêncio", "The Silence"), ("A Casa Azul", "The Blue House"),
           ("Meu Irmão", "My Brother"), ("O Caminho de Casa", "The Way Home"), ("Chuva em Lisboa", "Rain in Lisbon")),
    "ru": (("Долгая зима", "The Long Winter"), ("Последнее лето", "The Last Summer"), ("Тишина", "Silence"),
           ("Дом у реки", "The House by the River"), ("Ночной поезд", "Night Train"), ("Сёстры", "Sisters"),
           ("Снег", "Snow")),
    "sv": (("Den långa natten", "The Long Night"), ("Sista sommaren", "The Last Summer"),
           ("Huset vid sjön", "The House by the Lake"), ("Tystnad", "Silence"), ("Min bror", "My Brother"),
           ("Vinterljus", "Winter Light"), ("Hemvägen", "The Way Home")),
}  # fmt: skip

# Keywords by genre id, then keywords any film may have. A keyword in two lists is one keyword (one id).
GENRE_KEYWORDS: dict[int, tuple[str, ...]] = {
    28: ("martial arts", "car chase", "explosion", "hostage", "bodyguard", "assassin", "mercenary", "shootout",
         "heist", "one man army"),
    12: ("treasure hunt", "jungle", "expedition", "pirate", "island", "quest", "survival", "mountain"),
    16: ("anthropomorphism", "talking animal", "anime", "based on manga", "stop motion", "cartoon"),
    35: ("road trip", "wedding", "buddy comedy", "mistaken identity", "parody", "slapstick", "roommate"),
    80: ("heist", "detective", "mafia", "drug cartel", "police corruption", "bank robbery", "con artist",
         "serial killer", "gangster"),
    99: ("interview", "archival footage", "music documentary", "environment", "politics", "nature"),
    18: ("family relationships", "grief", "coming of age", "addiction", "loss of loved one", "poverty",
         "based on true story", "mental illness"),
    10751: ("christmas", "dog", "school", "magic", "growing up", "family vacation"),
    14: ("magic", "dragon", "witch", "fairy tale", "sword and sorcery", "parallel world", "curse"),
    36: ("world war ii", "19th century", "biography", "royalty", "ancient rome", "revolution", "period drama"),
    27: ("haunted house", "ghost", "demon", "possession", "zombie", "slasher", "vampire", "cult", "found footage"),
    10402: ("musician", "band", "concert", "singer", "jazz", "hip-hop"),
    9648: ("whodunit", "investigation", "missing person", "amnesia", "conspiracy", "small town"),
    10749: ("love", "forbidden love", "love triangle", "first love", "wedding", "romantic comedy"),
    878: ("time travel", "dystopia", "alien", "artificial intelligence", "space", "robot",
          "post-apocalyptic future", "cyberpunk", "time loop"),
    10770: ("holiday", "christmas", "small town", "family reunion"),
    53: ("psychological thriller", "conspiracy", "kidnapping", "stalker", "cat and mouse", "hostage",
         "espionage", "spy"),
    10752: ("world war ii", "vietnam war", "soldier", "battle", "resistance", "prisoner of war"),
    37: ("cowboy", "outlaw", "gunslinger", "frontier", "bounty hunter", "sheriff"),
}  # fmt: skip

GENERAL_KEYWORDS: tuple[str, ...] = (
    "independent film", "based on novel or book", "duringcreditsstinger",
    "aftercreditsstinger", "sequel", "murder", "revenge", "friendship", "based on true story", "remake",
    "new york city", "los angeles, california", "london, england", "paris, france", "biography", "sports",
    "father daughter relationship", "mother son relationship", "1980s", "1970s", "lgbt", "superhero",
    "based on comic", "female protagonist", "violence", "teenager", "high school", "prison", "3d",
)  # fmt: skip

# Keywords that move box office: franchises sell, independent films rarely do.
KEYWORD_REVENUE_EFFECTS: dict[str, float] = {
    "sequel": 0.35,
    "superhero": 0.45,
    "based on comic": 0.2,
    "independent film": -0.4,
}

# Overview pieces: "{name}, {protagonist}, {setup}. {complication}"
PROTAGONISTS: tuple[str, ...] = (
    "a retired detective", "a young nurse", "a small-town mechanic", "an ambitious lawyer",
    "a washed-up boxer", "a grieving parent", "a teenage hacker", "a famous chef", "a disgraced scientist",
    "a rookie cop", "a lonely pensioner", "a struggling musician", "an undercover agent", "a stubborn farmer",
    "a bored office worker", "a runaway orphan", "a veteran pilot", "a charming con artist",
    "a shy schoolteacher", "a reluctant heir",
)  # fmt: skip

GENRE_SETUPS: dict[int, tuple[str, ...]] = {
    28: ("is forced back into action when a shipment goes missing", "has one night to clear their name"),
    12: ("sets out to find a lost city on an old map", "is stranded far from home with a stolen compass"),
    16: ("befriends a talking fox who wants to see the sea", "must save the forest spirits from a storm"),
    35: ("accidentally books two weddings on the same day", "pretends to be a millionaire for a week"),
    80: ("plans one last heist with an old crew", "stumbles onto a bag of cartel money"),
    99: ("follows the people rebuilding a town after a flood", "looks back at a forgotten music scene"),
    18: ("returns home to care for an ailing parent", "tries to hold a family together after a loss"),
    10751: ("finds a stray dog that changes the whole family", "has to save the school play"),
    14: ("inherits a book that rewrites the world", "is chosen by a dragon nobody believes in"),
    36: ("is caught up in the last days of a crumbling empire", "smuggles letters across a divided city"),
    27: ("moves into a house with a terrible history", "hears a voice on the baby monitor at night"),
    10402: ("gets one shot at a big stage", "reunites a band that broke up twenty years ago"),
    9648: ("receives letters from someone who died years ago", "investigates a disappearance at a hotel"),
    10749: ("falls for a stranger met on a delayed train", "agrees to a fake engagement"),
    878: ("discovers a way to send messages into the past", "wakes aboard a ship drifting between stars"),
    10770: ("comes home for the holidays and meets an old flame", "runs a failing inn at Christmas"),
    53: ("witnesses a crime no one else believes happened", "is followed by a car with no driver"),
    10752: ("leads a small unit behind enemy lines", "hides a family in a cellar during the occupation"),
    37: ("rides into a town owned by one ruthless man", "tracks the outlaw who burned the family farm"),
}  # fmt: skip

COMPLICATIONS: tuple[str, ...] = (
    "But nothing is what it seems.", "Soon old secrets begin to surface.", "Time is running out.",
    "Now they must decide who to trust.", "What starts as a favour becomes a fight for survival.",
    "The truth will cost more than anyone expected.", "And the past is not done with them yet.",
    "Along the way, an unlikely friendship is born.", "Someone is watching every step.",
    "It will change their lives forever.",
)  # fmt: skip

TAGLINES: tuple[str, ...] = (
    "Some secrets never stay buried.", "Every legend has a beginning.", "No one gets out alone.",
    "The past is never past.", "One night. One chance.", "Trust no one.", "Love is the greatest risk.",
    "The end is only the beginning.", "Run.", "Home is where the story starts.", "Fear has a new address.",
    "Not all heroes wear capes.", "Justice has a price.", "The truth is out there somewhere.",
    "Every family has its secrets.", "Some rules are meant to be broken.", "The game has changed.",
    "Hope is a dangerous thing.", "Nothing will ever be the same.", "Based on the unbelievable true story.",
)  # fmt: skip
