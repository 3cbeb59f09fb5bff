-- The office server's database and its two roles, for hrss-disputes (README: 办公室服务器).
-- Run once by the PostgreSQL superuser, naming the database and the roles:
--
--   sudo -u postgres psql -v db=hrss -v owner=hrss_owner -v app=hrss_app -f installer/postgresql/roles.sql
--
-- then give each role its password (\password hrss_owner, \password hrss_app in psql).
--
-- owner: owns the database and its schema; `hrss-disputes db upgrade` and `restore` run as it
--        (CREATEDB: restore checks a backup in a scratch database first).
-- app:   what every PC connects as: reads and writes rows, nothing else. It owns nothing and may
--        not create anything in the schema, so it cannot ALTER, DROP or DISABLE TRIGGER (the
--        triggers that keep issued documents and submitted reports unchanged).
\set ON_ERROR_STOP on

CREATE ROLE :"owner" LOGIN CREATEDB;
CREATE ROLE :"app" LOGIN;
CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";  -- no TEMPORARY: the program creates nothing, not even temporary tables

\connect :"db"
-- the schema belongs to the database owner (PostgreSQL 15: pg_database_owner); nobody else creates in it
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
-- every table and sequence the owner creates, now and in later upgrades: rows only
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app";
