-- The receiver's late-commit check counts snapshots by SystemModstamp.
CREATE INDEX record_snapshots_stamp ON record_snapshots (object, modstamp);
