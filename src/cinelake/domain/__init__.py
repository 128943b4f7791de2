"""Domain: movie records, cleaning rules, lake records. No I/O here."""
