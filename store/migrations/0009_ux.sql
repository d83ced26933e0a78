-- Review queue totals ("N entries match this filter") for a reason and an
-- object at once: counted in this index alone, without reading the rows.
CREATE INDEX entries_outcome_reason_object ON entries (outcome, reason, object, id);
