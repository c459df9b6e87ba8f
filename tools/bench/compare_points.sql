-- Agreement of jigu's point classification (table :jigu_table) with PostGIS's (point_result,
-- from postgis_classify_points.sql); run by classify_bench.sh with -v schema=NAME
-- -v jigu_table=NAME -v with_parcel=true|false. Compared per point: zone code, district and,
-- with with_parcel, parcel PNU. PostGIS repeats a point that lies on a shared boundary, so
-- the row count is checked too.
SET search_path = :schema, public;
CREATE TEMP TABLE pchecks AS
SELECT 'points (jigu / PostGIS rows)' AS what,
       (SELECT count(*) FROM :jigu_table)::text || ' / ' || (SELECT count(*) FROM point_result) AS value,
       (SELECT count(*) FROM :jigu_table) = (SELECT count(*) FROM point_result) AS ok
UNION ALL
SELECT 'points with a different zone', count(*)::text, count(*) = 0
FROM :jigu_table j JOIN point_result r ON r.biz_id = j.id
WHERE nullif(j.zone, '') IS DISTINCT FROM r.zone_code
UNION ALL
SELECT 'points with a different district', count(*)::text, count(*) = 0
FROM :jigu_table j JOIN point_result r ON r.biz_id = j.id
WHERE nullif(j.district, '') IS DISTINCT FROM r.dist_id
UNION ALL
SELECT 'points in a district (jigu / PostGIS)',
       (SELECT count(*) FROM :jigu_table WHERE district <> '')::text || ' / ' ||
       (SELECT count(*) FROM point_result WHERE dist_id IS NOT NULL), true;
\if :with_parcel
INSERT INTO pchecks
SELECT 'points with a different parcel', count(*)::text, count(*) = 0
FROM :jigu_table j JOIN point_result r ON r.biz_id = j.id
WHERE nullif(j.parcel, '') IS DISTINCT FROM r.pnu
UNION ALL
SELECT 'points on a parcel (jigu / PostGIS)',
       (SELECT count(*) FROM :jigu_table WHERE parcel <> '')::text || ' / ' ||
       (SELECT count(*) FROM point_result WHERE pnu IS NOT NULL), true;
\endif
\echo
\echo agreement, points, :jigu_table
SELECT CASE WHEN ok THEN 'ok  ' ELSE 'FAIL' END AS "check", what, value FROM pchecks;
SELECT CASE WHEN bool_and(ok) THEN 'agreement ' || :'jigu_table' || ': PASS'
            ELSE 'agreement ' || :'jigu_table' || ': FAIL' END AS verdict FROM pchecks;
