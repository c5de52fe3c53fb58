-- The claim reads the oldest pending rows of one status in id order: with this index it walks
-- them in order and stops at its window, instead of reading (and sorting) the whole backlog.
CREATE INDEX inbox_status_order ON inbox (status, id);
