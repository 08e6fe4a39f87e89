-- Consent in the widget: when a workspace requires it, a visitor agrees to the host's privacy
-- notice before chatting. The visitor's row records when, and which notice (a hash of its text and
-- link): a changed notice asks again.

ALTER TABLE widget_visitor
  ADD COLUMN consented_at timestamptz(3),
  ADD COLUMN consent_notice text CHECK (length(consent_notice) <= 64),
  ADD CONSTRAINT widget_visitor_consent CHECK ((consented_at IS NULL) = (consent_notice IS NULL));
