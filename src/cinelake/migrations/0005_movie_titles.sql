-- A movie's titles in other languages (TMDB's translations), so questions may name a movie as they know it
-- ("El Padrino") and answers may name it in the question's language. One title per language and country.
CREATE TABLE movie_titles (
    tmdb_id    integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    iso_639_1  text NOT NULL,
    iso_3166_1 text NOT NULL,
    title      text NOT NULL,
    PRIMARY KEY (tmdb_id, iso_639_1, iso_3166_1)
);

CREATE INDEX movie_titles_lower_title_idx ON movie_titles (lower(title));

GRANT SELECT ON movie_titles TO cinelake_reader;
