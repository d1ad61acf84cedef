-- Issue 21: NPS of a segment joins answers to their people's traits. Measured at 1M answers (bench/segments,
-- bench/RESULTS.md): a GIN index on people.traits did not speed it up (the answers, not the people, are the
-- cost), while this covering index from person to their answers' times and scores cut a 10 % segment's year
-- from ~450 ms to ~85–235 ms: the join reads no table rows.
CREATE INDEX "responses_project_person_scores_idx" ON "responses" USING btree ("project_id","person_id","created_at") INCLUDE ("score");
