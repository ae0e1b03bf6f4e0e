-- 0014: whether a document's file was read by the contained reader (outside/worker.rs) when it
-- was imported. A PDF stored before that (0) is read there once, at its first bundle build,
-- before the bundle engine parses it in the app's own process.
ALTER TABLE documents ADD COLUMN read_contained INTEGER NOT NULL DEFAULT 0;
