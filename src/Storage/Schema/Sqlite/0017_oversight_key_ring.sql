-- The ASP.NET Core Data Protection key ring (issue 10): the keys that protect sign-in cookies, antiforgery tokens and
-- the OpenID Connect correlation state. Kept in the database so that every Web host reads the same ring (a cookie
-- issued by one host is valid on the others) and a restarted container keeps it (nobody is signed out). Rows are only
-- ever added; Data Protection expires keys by date inside the XML, it never edits or deletes a row.
CREATE TABLE oversight_key_ring
(
    name       text NOT NULL PRIMARY KEY,
    xml        text NOT NULL,
    created_at text NOT NULL
);
