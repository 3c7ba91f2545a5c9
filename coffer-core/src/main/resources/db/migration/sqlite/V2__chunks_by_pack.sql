-- GC asks, per pack, whether any of its chunks is still registered.
CREATE INDEX chunks_by_pack ON chunks(pack) WHERE pack IS NOT NULL;
