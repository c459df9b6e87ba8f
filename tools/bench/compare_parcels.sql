-- Agreement of jigu's classify output (loaded as table jigu_parcels) with PostGIS's
-- (parcel_result, from postgis_classify.sql); run by classify_bench.sh with -v schema=NAME.
-- jigu gives each parcel's zones as 'code:share;...' and its area; PostGIS gives zone codes
-- and areas. Compared: the parcel count, each parcel's area, every (parcel, zone code) share,
-- each parcel's dominant zone, every (parcel, district) share, and the total area per zone
-- code over the whole layer. Tolerance 1e-6 (relative for areas and totals; absolute for
-- shares, which are at most 1).
SET search_path = :schema, public;
CREATE TEMP TABLE jz AS
SELECT j.id AS pnu, split_part(z, ':', 1) AS code, split_part(z, ':', 2)::float8 AS share,
       j.area_m2 * split_part(z, ':', 2)::float8 AS a
FROM jigu_parcels j, regexp_split_to_table(j.zones, ';') AS z WHERE j.zones <> '';
CREATE TEMP TABLE pz AS
SELECT r.pnu, u.code, u.a / r.area_m2 AS share, u.a
FROM parcel_result r, unnest(r.zone_codes, r.zone_areas_m2) AS u(code, a);
CREATE TEMP TABLE jd AS
SELECT j.id AS pnu, split_part(d, ':', 1) AS dist_id, split_part(d, ':', 2)::float8 AS share
FROM jigu_parcels j, regexp_split_to_table(j.districts, ';') AS d WHERE j.districts <> '';
CREATE TEMP TABLE pd AS
SELECT r.pnu, u.dist_id, u.share
FROM parcel_result r, unnest(r.district_ids, r.district_shares) AS u(dist_id, share);
CREATE TEMP TABLE checks AS
SELECT 'parcels (jigu / PostGIS)' AS what,
       (SELECT count(*) FROM jigu_parcels)::text || ' / ' || (SELECT count(*) FROM parcel_result) AS value,
       (SELECT count(*) FROM jigu_parcels) = (SELECT count(*) FROM parcel_result) AS ok
UNION ALL
SELECT 'parcels missing on either side',
       count(*)::text, count(*) = 0
FROM jigu_parcels j FULL JOIN parcel_result r ON r.pnu = j.id WHERE j.id IS NULL OR r.pnu IS NULL
UNION ALL
SELECT 'max relative difference of a parcel''s area',
       to_char(max(abs(j.area_m2 - r.area_m2) / r.area_m2), '9.9EEEE'),
       max(abs(j.area_m2 - r.area_m2) / r.area_m2) <= 1e-6
FROM jigu_parcels j JOIN parcel_result r ON r.pnu = j.id
UNION ALL
SELECT 'max difference of a (parcel, zone code) share',
       to_char(max(abs(coalesce(jz.share, 0) - coalesce(pz.share, 0))), '9.9EEEE'),
       max(abs(coalesce(jz.share, 0) - coalesce(pz.share, 0))) <= 1e-6
FROM jz FULL JOIN pz USING (pnu, code)
UNION ALL
SELECT 'parcels with a different dominant zone',
       count(*)::text, count(*) = 0
FROM jigu_parcels j JOIN parcel_result r ON r.pnu = j.id
WHERE j.zone IS DISTINCT FROM r.dominant_zone
UNION ALL
SELECT 'parcels in more than one zone code (jigu / PostGIS)',
       (SELECT count(*) FROM jigu_parcels WHERE n_zones > 1)::text || ' / ' ||
       (SELECT count(*) FROM parcel_result WHERE cardinality(zone_codes) > 1),
       (SELECT count(*) FROM jigu_parcels WHERE n_zones > 1) =
       (SELECT count(*) FROM parcel_result WHERE cardinality(zone_codes) > 1)
UNION ALL
SELECT 'max difference of a (parcel, district) share',
       to_char(coalesce(max(abs(coalesce(jd.share, 0) - coalesce(pd.share, 0))), 0), '9.9EEEE'),
       coalesce(max(abs(coalesce(jd.share, 0) - coalesce(pd.share, 0))), 0) <= 1e-6
FROM jd FULL JOIN pd USING (pnu, dist_id)
UNION ALL
SELECT 'parcels touching a district (jigu / PostGIS)',
       (SELECT count(DISTINCT pnu) FROM jd)::text || ' / ' || (SELECT count(DISTINCT pnu) FROM pd),
       (SELECT count(DISTINCT pnu) FROM jd) = (SELECT count(DISTINCT pnu) FROM pd)
UNION ALL
SELECT 'max relative difference of a zone code''s total area',
       to_char(max(abs(coalesce(a.s, 0) - coalesce(b.s, 0)) / b.s), '9.9EEEE'),
       max(abs(coalesce(a.s, 0) - coalesce(b.s, 0)) / b.s) <= 1e-6
FROM (SELECT code, sum(a) AS s FROM jz GROUP BY code) a
FULL JOIN (SELECT code, sum(a) AS s FROM pz GROUP BY code) b USING (code);
\echo
\echo agreement, parcels, schema :schema
SELECT CASE WHEN ok THEN 'ok  ' ELSE 'FAIL' END AS "check", what, value FROM checks;
SELECT code, round(sum(a)::numeric, 3) AS jigu_m2,
       round((SELECT sum(pz.a) FROM pz WHERE pz.code = jz.code)::numeric, 3) AS postgis_m2
FROM jz GROUP BY code ORDER BY code;
SELECT CASE WHEN bool_and(ok) THEN 'agreement ' || :'schema' || ' parcels: PASS'
            ELSE 'agreement ' || :'schema' || ' parcels: FAIL' END AS verdict FROM checks;
