-- Registrations reach a payment application only when the college applies for payment: most rows
-- never carry one. A partial index leaves them out, so a registration written (an import writes
-- hundreds of thousands) updates one index fewer; `application_id = ?` still uses it.
DROP INDEX ix_registrations_application;
CREATE INDEX ix_registrations_application ON registrations(application_id) WHERE application_id IS NOT NULL;
