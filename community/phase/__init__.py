"""The Groupe d'Animation's own view of its phase (/groupe/parcours/): where the network
stands in the method, what is missing, what to do next. No models: it reads the public
checklist and the network's live figures."""
