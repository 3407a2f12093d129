"""Community life of a network (tenant schema): cafés-rencontres, collective projects, group
purchases, the Groupe d'Animation's tasks, the newsletter, the impact page and the group's
phase view. `exchange` keeps the residents' registry, offers and needs, matching, connections
and moderation; community apps build on it, never the other way round."""
