-- Cases routed to units (issue 25): a ticket belongs to the unit whose members take
-- it (the especialistas, OCI for a denuncia, or the unit it was derived to: uot, uti,
-- uaj, oci), and has a resolution term besides the first-response one. Existing
-- tickets stay the especialistas'; their resolution term is unknown (NULL).
ALTER TABLE tickets ADD COLUMN unit TEXT NOT NULL DEFAULT 'especialista';
ALTER TABLE tickets ADD COLUMN resolution_due_at BIGINT;
UPDATE tickets SET unit = 'oci' WHERE category = 'denuncia';
CREATE INDEX tickets_unit ON tickets (unit, state);
