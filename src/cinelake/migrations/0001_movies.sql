-- The normalized movie schema. Unknown values are NULL: TMDB's 0 for budget, revenue and runtime means "unknown".

CREATE TABLE movies (
    tmdb_id           integer PRIMARY KEY,
    imdb_id           text,
    title             text NOT NULL,
    original_title    text,
    original_language text,
    overview          text,
    tagline           text,
    status            text,
    release_date      date,
    runtime           integer CHECK (runtime > 0),
    budget            bigint CHECK (budget > 0),
    revenue           bigint CHECK (revenue > 0),
    popularity        double precision,
    vote_average      double precision,
    vote_count        integer,
    adult             boolean NOT NULL DEFAULT false,
    video             boolean NOT NULL DEFAULT false,
    homepage          text,
    poster_path       text,
    backdrop_path     text,
    collection_id     integer,
    collection_name   text,
    origin_country    text[] NOT NULL DEFAULT '{}',
    fetched_at        timestamptz NOT NULL,  -- when enrich read it from TMDB: newer data wins
    loaded_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE genres (
    genre_id integer PRIMARY KEY,
    name     text NOT NULL
);

CREATE TABLE people (
    person_id            integer PRIMARY KEY,
    name                 text NOT NULL,
    original_name        text,
    gender               smallint,
    known_for_department text,
    profile_path         text
);

CREATE TABLE companies (
    company_id     integer PRIMARY KEY,
    name           text NOT NULL,
    origin_country text,
    logo_path      text
);

CREATE TABLE countries (
    iso_3166_1 text PRIMARY KEY,
    name       text NOT NULL
);

CREATE TABLE languages (
    iso_639_1    text PRIMARY KEY,
    english_name text,
    name         text
);

CREATE TABLE keywords (
    keyword_id integer PRIMARY KEY,
    name       text NOT NULL
);

CREATE TABLE movie_cast (
    tmdb_id    integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    credit_id  text NOT NULL,
    person_id  integer NOT NULL REFERENCES people,
    character  text,
    cast_order integer NOT NULL,
    PRIMARY KEY (tmdb_id, credit_id)
);

CREATE TABLE movie_crew (
    tmdb_id    integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    credit_id  text NOT NULL,
    person_id  integer NOT NULL REFERENCES people,
    job        text NOT NULL,
    department text NOT NULL,
    PRIMARY KEY (tmdb_id, credit_id)
);

CREATE TABLE movie_genres (
    tmdb_id  integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    genre_id integer NOT NULL REFERENCES genres,
    PRIMARY KEY (tmdb_id, genre_id)
);

CREATE TABLE movie_companies (
    tmdb_id    integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    company_id integer NOT NULL REFERENCES companies,
    PRIMARY KEY (tmdb_id, company_id)
);

CREATE TABLE movie_countries (
    tmdb_id    integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    iso_3166_1 text NOT NULL REFERENCES countries,
    PRIMARY KEY (tmdb_id, iso_3166_1)
);

CREATE TABLE movie_languages (  -- spoken languages
    tmdb_id   integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    iso_639_1 text NOT NULL REFERENCES languages,
    PRIMARY KEY (tmdb_id, iso_639_1)
);

CREATE TABLE movie_keywords (
    tmdb_id    integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    keyword_id integer NOT NULL REFERENCES keywords,
    PRIMARY KEY (tmdb_id, keyword_id)
);

CREATE TABLE release_dates (
    tmdb_id       integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    iso_3166_1    text NOT NULL,
    ordinal       integer NOT NULL,  -- position within the country's list
    release_date  timestamptz NOT NULL,
    release_type  smallint NOT NULL,  -- 1 premiere ... 3 theatrical, 4 digital, 5 physical, 6 TV
    certification text,
    iso_639_1     text,
    note          text,
    PRIMARY KEY (tmdb_id, iso_3166_1, ordinal)
);

-- Movies deleted on TMDB. Kept so that an older record arriving late cannot bring one back.
CREATE TABLE movie_tombstones (
    tmdb_id    integer PRIMARY KEY,
    fetched_at timestamptz NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now()
);

-- The loader's ledger: a redelivered S3 event for an object already loaded is a no-op.
CREATE TABLE loaded_objects (
    object_key   text NOT NULL,
    etag         text NOT NULL,
    records      integer NOT NULL,
    loaded       integer NOT NULL,
    tombstones   integer NOT NULL,
    quarantined  integer NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (object_key, etag)
);

-- Indexes for the API's and the model's queries.
CREATE INDEX movies_release_date_idx ON movies (release_date);
CREATE INDEX movies_original_language_idx ON movies (original_language);
CREATE INDEX movies_lower_title_idx ON movies (lower(title));
CREATE INDEX movie_cast_person_idx ON movie_cast (person_id);
CREATE INDEX movie_crew_person_job_idx ON movie_crew (person_id, job);
CREATE INDEX movie_genres_genre_idx ON movie_genres (genre_id);
CREATE INDEX movie_companies_company_idx ON movie_companies (company_id);
CREATE INDEX movie_countries_country_idx ON movie_countries (iso_3166_1);
CREATE INDEX movie_keywords_keyword_idx ON movie_keywords (keyword_id);
CREATE INDEX people_lower_name_idx ON people (lower(name));
CREATE INDEX companies_lower_name_idx ON companies (lower(name));
CREATE INDEX keywords_lower_name_idx ON keywords (lower(name));

-- One row per movie for analysts: money is NULL where unknown, so profit and ROI are too.
CREATE VIEW movie_facts AS
SELECT
    m.tmdb_id,
    m.title,
    m.original_title,
    m.original_language,
    m.status,
    m.release_date,
    extract(year FROM m.release_date)::integer AS release_year,
    m.runtime,
    m.budget,
    m.revenue,
    m.revenue - m.budget AS profit,
    round(m.revenue::numeric / m.budget, 4) AS roi,
    m.popularity,
    m.vote_average,
    m.vote_count,
    m.fetched_at,
    m.loaded_at
FROM movies m;
