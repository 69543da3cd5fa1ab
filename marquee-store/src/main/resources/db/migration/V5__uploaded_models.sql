-- Model versions a user uploaded (ONNX, XGBoost) next to those Marquee trained. `format` says what the artifact is;
-- `upload` is the JSON of what was derived from the uploaded file (tensors, platform, uploader), NULL for trained
-- versions. Existing rows are Marquee artifacts.
ALTER TABLE model_versions ADD COLUMN format VARCHAR(16) NOT NULL DEFAULT 'marquee';
ALTER TABLE model_versions ADD COLUMN upload TEXT;
