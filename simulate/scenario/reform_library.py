"""The registered reforms (filled in by the reforms work)."""
