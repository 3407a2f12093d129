"""Café pages: `residents` for every member (and the public calendar feeds), `animation`
for the Groupe d'Animation (schedule, at the café, report)."""
