-- Name lookups (the API's track records) compare lower(btrim(name)): some names carry stray spaces.
CREATE INDEX people_name_key_idx ON people (lower(btrim(name)));
CREATE INDEX companies_name_key_idx ON companies (lower(btrim(name)));
CREATE INDEX keywords_name_key_idx ON keywords (lower(btrim(name)));
