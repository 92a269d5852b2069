-- The JNE list of elected authorities (imported by an operator), to check the
-- mayor's or governor's identity. ubigeo: 6 digits for a district or province,
-- 2 for a region.
CREATE TABLE jne_authorities (
    ubigeo TEXT NOT NULL,
    cargo TEXT NOT NULL,
    dni TEXT NOT NULL,
    names TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (ubigeo, cargo)
);
CREATE INDEX jne_authorities_dni ON jne_authorities (dni);
