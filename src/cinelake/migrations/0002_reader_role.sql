-- The read-only role that answers questions. It can read the movie data and nothing else: not the loader's
-- ledger, not the tombstones, not the migrations. Login roles (the API's) are granted membership in it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cinelake_reader') THEN
        CREATE ROLE cinelake_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO cinelake_reader;
GRANT SELECT ON
    movies, genres, people, companies, countries, languages, keywords,
    movie_cast, movie_crew, movie_genres, movie_companies, movie_countries, movie_languages, movie_keywords,
    release_dates, movie_facts
TO cinelake_reader;
