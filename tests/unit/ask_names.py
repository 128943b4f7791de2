"""A small name index for reading questions without a database: well-known titles, people, companies and keywords,
with made-up ids and weights (votes, credits, movies) that only need to be plausible."""

from cinelake.ask.names import NameIndex, NameRow, NameTable, person_role

TITLES = [
    (1, "Inception", 37000), (2, "Titanic", 25000), (3, "Avatar", 32000), (4, "Toy Story", 18000),
    (5, "Toy Story 2", 13000), (6, "Toy Story 3", 14000), (7, "Toy Story 4", 10000), (8, "Shrek", 16000),
    (9, "Shrek 2", 12000), (10, "Shrek the Third", 9000), (11, "Harry Potter and the Philosopher's Stone", 27000),
    (12, "Harry Potter and the Chamber of Secrets", 21000), (13, "Jurassic Park", 16000),
    (14, "Jurassic Park III", 8000), (15, "Interstellar", 36000), (16, "The Matrix", 26000), (17, "Frozen", 17000),
    (18, "Parasite", 20000), (19, "Gladiator", 19000), (20, "The Godfather", 21000), (21, "Up", 20000),
    (22, "Star Wars", 21000), (23, "Star Wars: The Force Awakens", 19000), (24, "Pulp Fiction", 28000),
    (25, "Barbie", 9000), (26, "Joker", 25000), (27, "Spirited Away", 17000), (28, "Home", 3000),
    (29, "First Man", 6000), (30, "Alien", 15000), (34, "Alien: Covenant", 9000), (35, "Christmas Eve", 300),
    (36, "Christmas with the Kranks", 800), (31, "The Lord of the Rings: The Fellowship of the Ring", 26000),
    (32, "The Lord of the Rings: The Two Towers", 22000), (33, "The Lord of the Rings: The Return of the King", 24000),
]  # fmt: skip
# (id, name, directed, acted); KNOWN_FOR: TMDB's department, where a person has credits both ways
PEOPLE = [
    (101, "Christopher Nolan", 12, 0), (102, "Steven Spielberg", 33, 2), (103, "Tom Hanks", 2, 50),
    (104, "Meg Ryan", 0, 20), (105, "Quentin Tarantino", 10, 6), (106, "Samuel L. Jackson", 0, 70),
    (107, "Tim Burton", 19, 0), (108, "Johnny Depp", 0, 40), (109, "Woody Allen", 25, 16),
    (110, "Scarlett Johansson", 0, 35), (111, "Martin Scorsese", 27, 1), (112, "Robert De Niro", 0, 60),
    (113, "Al Pacino", 0, 40), (114, "Leonardo DiCaprio", 0, 30), (115, "Greta Gerwig", 3, 5),
    (116, "Denis Villeneuve", 11, 0), (117, "Clint Eastwood", 27, 30), (118, "Keanu Reeves", 0, 45),
    (119, "Michael Caine", 0, 50), (120, "Hayao Miyazaki", 12, 0), (121, "Adam Sandler", 0, 40),
    (122, "Drew Barrymore", 1, 30), (123, "Tom Cruise", 0, 45), (124, "Nicole Kidman", 1, 50),
    (125, "Sofia Coppola", 8, 3), (126, "Matt Damon", 0, 60), (127, "Ben Affleck", 5, 50),
    (128, "Bob Odenkirk", 2, 4),
]  # fmt: skip
KNOWN_FOR = {103: "Acting", 109: "Acting", 115: "Directing", 117: "Directing", 127: "Directing", 128: "Acting"}
COMPANIES = [
    (201, "Pixar", 41), (202, "Marvel Studios", 40), (203, "Walt Disney Pictures", 300),
    (204, "Walt Disney Animation Studios", 60), (205, "Warner Bros. Pictures", 400), (206, "Studio Ghibli", 25),
    (207, "First Look Media", 4), (208, "Universal Pictures", 380), (209, "Home Box Office", 12),
    (210, "DreamWorks Animation", 67), (211, "DreamWorks Pictures", 90),
]  # fmt: skip
KEYWORDS = [
    (301, "time travel", 60), (302, "zombie", 80), (303, "vampire", 50), (304, "world war ii", 90),
    (305, "superhero", 120), (306, "heist", 30), (307, "dystopia", 70), (308, "pirate", 14),
    (309, "based on novel or book", 400), (310, "space", 100), (311, "star", 5), (312, "jurassic park", 4),
    (313, "christmas", 64), (314, "alien", 120),
]  # fmt: skip


def name_index() -> NameIndex:
    people = [NameRow(i, name, float(d + a), person_role(d, a, KNOWN_FOR.get(i)), d, a) for i, name, d, a in PEOPLE]
    return NameIndex(
        titles=NameTable(NameRow(i, title, float(votes)) for i, title, votes in TITLES),
        people=NameTable(people),
        companies=NameTable(NameRow(i, name, float(n)) for i, name, n in COMPANIES),
        keywords=NameTable(NameRow(i, name, float(n)) for i, name, n in KEYWORDS),
    )
