-- One database login per job. The logins themselves (LOGIN, password, per-login settings) are made by the migrate
-- step from their secrets (cinelake.adapters.logins); these group roles hold what each may do:
--   cinelake_writer  the loader: reads and writes the movie data, the tombstones and its ledger; creates nothing
--   cinelake_reader  the API's catalogue reads and the questions (0002): reads the movie data, not the ledger
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cinelake_writer') THEN
        CREATE ROLE cinelake_writer NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO cinelake_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    movies, genres, people, companies, countries, languages, keywords,
    movie_cast, movie_crew, movie_genres, movie_companies, movie_countries, movie_languages, movie_keywords,
    release_dates, movie_titles, movie_tombstones, loaded_objects
TO cinelake_writer;

-- Only the owner creates anything in the schema: PostgreSQL 15's default for a new database, stated for one that
-- was upgraded from an older version and kept PUBLIC's CREATE.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

