"""The public journey: one question a page, answers kept server-side as a draft."""
