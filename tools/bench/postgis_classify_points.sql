-- PostGIS's version of `jigu classify` for points, used by classify_bench.sh. Run with psql
-- -v schema=NAME -v lateral=true|false -v with_parcel=true|false after SET
-- max_parallel_workers_per_gather. Each point gets the zone and the district that contain
-- it and, with with_parcel, the parcel under it. A point on a shared boundary would get one
-- row per polygon; the check step counts rows.
--
-- As in postgis_classify.sql, two forms of the spatial joins: lateral=true lets each zone and
-- district drive an index probe into the points (PostGIS then caches the polygon's prepared
-- form: the fast one-process form); lateral=false uses plain joins, which PostgreSQL 15 can
-- run with parallel workers. Each join is a MATERIALIZED CTE so it is planned on its own, not folded
-- into the final LEFT JOINs (which would make the points drive every join).
SET search_path = :schema, public;
DROP TABLE IF EXISTS point_result;
CREATE UNLOGGED TABLE point_result AS
\if :lateral
WITH zone_hit AS MATERIALIZED (
  SELECT x.fid, z.code FROM zoning z
  CROSS JOIN LATERAL (SELECT pt.fid FROM points pt WHERE ST_Intersects(z.geom, pt.geom) OFFSET 0) x
), district_hit AS MATERIALIZED (
  SELECT x.fid, d.dist_id FROM districts d
  CROSS JOIN LATERAL (SELECT pt.fid FROM points pt WHERE ST_Intersects(d.geom, pt.geom) OFFSET 0) x
), parcel_hit AS MATERIALIZED (
\if :with_parcel
  -- A parcel holds about one point: no cache to reuse, so here the plain join is the faster.
  SELECT pt.fid, p.pnu FROM parcels p JOIN points pt ON ST_Intersects(p.geom, pt.geom)
\else
  SELECT NULL::integer AS fid, NULL::text AS pnu WHERE false
\endif
)
\else
WITH zone_hit AS MATERIALIZED (
  SELECT pt.fid, z.code FROM zoning z JOIN points pt ON ST_Intersects(z.geom, pt.geom)
), district_hit AS MATERIALIZED (
  SELECT pt.fid, d.dist_id FROM districts d JOIN points pt ON ST_Intersects(d.geom, pt.geom)
), parcel_hit AS MATERIALIZED (
\if :with_parcel
  SELECT pt.fid, p.pnu FROM parcels p JOIN points pt ON ST_Intersects(p.geom, pt.geom)
\else
  SELECT NULL::integer AS fid, NULL::text AS pnu WHERE false
\endif
)
\endif
SELECT pt.fid, pt.biz_id, zh.code AS zone_code, dh.dist_id, ph.pnu
FROM points pt
LEFT JOIN zone_hit zh ON zh.fid = pt.fid
LEFT JOIN district_hit dh ON dh.fid = pt.fid
LEFT JOIN parcel_hit ph ON ph.fid = pt.fid;
