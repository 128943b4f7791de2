-- Migration 0009 added pre-aggregations that only a rebuild fills. A database rebuilt before it kept a fresh stamp,
-- so questions read its new, empty tables until the next load. Mark them stale: the base tables answer until the
-- loader (or `refresh_preaggregates()`) rebuilds them all.
DELETE FROM preaggregate_stamp;
