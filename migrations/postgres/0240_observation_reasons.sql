-- Why UAC observed a request, as a code beside the note (domain::observation): the
-- prepared reason the reviewer picked, NULL for a reason typed freely. Existing
-- observations are back-filled from the text the reviewer's pick stored (Spanish; the
-- English too, in case), the only time that text is compared.
ALTER TABLE stage_transitions ADD COLUMN reason_code TEXT;
-- The history is append-only: its guard steps aside for the back-fill only.
ALTER TABLE stage_transitions DISABLE TRIGGER stage_transitions_no_change;
UPDATE stage_transitions SET reason_code = 'unsigned'
WHERE to_stage = 'observed' AND TRIM(note) IN ('La DDC no tiene firma o sello', 'The DDC has no signature or seal');
UPDATE stage_transitions SET reason_code = 'illegible'
WHERE to_stage = 'observed' AND TRIM(note) IN ('La DDC está ilegible o incompleta', 'The DDC is illegible or incomplete');
UPDATE stage_transitions SET reason_code = 'jne'
WHERE to_stage = 'observed' AND TRIM(note) IN ('Los datos de la autoridad no coinciden con el JNE', 'The authority''s data does not match the JNE');
UPDATE stage_transitions SET reason_code = 'responsible'
WHERE to_stage = 'observed' AND TRIM(note) IN ('Faltan o están mal los datos del responsable', 'The responsible person''s data is missing or wrong');
UPDATE stage_transitions SET reason_code = 'designation'
WHERE to_stage = 'observed' AND TRIM(note) IN ('Falta el documento de designación', 'The designation document is missing');
ALTER TABLE stage_transitions ENABLE TRIGGER stage_transitions_no_change;
