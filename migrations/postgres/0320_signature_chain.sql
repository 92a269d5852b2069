-- The trusted root (RENIEC's, ECEP's, from the operator's PEM file) a digitally signed
-- DDC's certificate chains to, by name, shown to UAC; NULL when it reaches none.
ALTER TABLE request_documents ADD COLUMN signature_chain TEXT;
