-- PostGIS's version of `jigu classify` for parcels, used by classify_bench.sh. Run with psql
-- -v schema=NAME -v lateral=true|false after SET max_parallel_workers_per_gather.
-- For each parcel: its planar area (EPSG:5186, the data's own CRS), the area it has in each
-- zone code (largest first; the dominant zone is the first), and the share of it inside each
-- district it touches (largest first). A parcel wholly covered by a zone or district takes
-- its own area, the usual containment fast path; otherwise the exact intersection's area.
--
-- Two forms of the same spatial joins, each the faster one for its setting:
-- lateral=true: each zone (district) drives a LATERAL index probe into the parcels, so
--   PostGIS reuses its prepared-geometry cache for the zone across that zone's parcels; in
--   PostgreSQL 15 a LATERAL subquery that refers to the outer row gets no parallel workers,
--   so this is the one-process form.
-- lateral=false: plain joins; the planner may run them with parallel workers (it does, with
--   2). With no workers it drives the join from the parcels instead, which is slower.
SET search_path = :schema, public;
DROP TABLE IF EXISTS parcel_result;
CREATE UNLOGGED TABLE parcel_result AS
\if :lateral
WITH zone_part AS (
  SELECT x.fid, z.code, sum(x.a) AS a
  FROM zoning z
  CROSS JOIN LATERAL (
    SELECT p.fid,
           CASE WHEN ST_CoveredBy(p.geom, z.geom) THEN ST_Area(p.geom)
                ELSE ST_Area(ST_Intersection(p.geom, z.geom)) END AS a
    FROM parcels p WHERE ST_Intersects(p.geom, z.geom) OFFSET 0) x
  GROUP BY x.fid, z.code
), district_part AS (
  SELECT x.fid, d.dist_id, x.parcel_a, x.a
  FROM districts d
  CROSS JOIN LATERAL (
    SELECT p.fid, ST_Area(p.geom) AS parcel_a,
           CASE WHEN ST_CoveredBy(p.geom, d.geom) THEN ST_Area(p.geom)
                ELSE ST_Area(ST_Intersection(p.geom, d.geom)) END AS a
    FROM parcels p WHERE ST_Intersects(p.geom, d.geom) OFFSET 0) x
)
\else
WITH zone_part AS (
  SELECT p.fid, z.code,
         sum(CASE WHEN ST_CoveredBy(p.geom, z.geom) THEN ST_Area(p.geom)
                  ELSE ST_Area(ST_Intersection(p.geom, z.geom)) END) AS a
  FROM parcels p JOIN zoning z ON ST_Intersects(p.geom, z.geom)
  GROUP BY p.fid, z.code
), district_part AS (
  SELECT p.fid, d.dist_id, ST_Area(p.geom) AS parcel_a,
         CASE WHEN ST_CoveredBy(p.geom, d.geom) THEN ST_Area(p.geom)
              ELSE ST_Area(ST_Intersection(p.geom, d.geom)) END AS a
  FROM parcels p JOIN districts d ON ST_Intersects(p.geom, d.geom)
)
\endif
SELECT p.fid,
       p.pnu,
       ST_Area(p.geom) AS area_m2,
       z.codes[1] AS dominant_zone,
       z.codes AS zone_codes,
       z.areas AS zone_areas_m2,
       d.ids AS district_ids,
       d.shares AS district_shares
FROM parcels p
LEFT JOIN (SELECT fid, array_agg(code ORDER BY a DESC, code) AS codes,
                  array_agg(a ORDER BY a DESC, code) AS areas
           FROM zone_part WHERE a > 0 GROUP BY fid) z ON z.fid = p.fid
LEFT JOIN (SELECT fid, array_agg(dist_id ORDER BY a DESC, dist_id) AS ids,
                  array_agg(a / parcel_a ORDER BY a DESC, dist_id) AS shares
           FROM district_part WHERE a > 0 GROUP BY fid) d ON d.fid = p.fid;
