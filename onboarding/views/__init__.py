"""The console's pages (base domain, Coop-ère staff), by purpose: `console` (the pipeline
and one network's way through the method), `catalogue` (the checklist's items), `pilots`
(registering amorceurs as pilotes). The group's own view of its phase, inside a network,
is `community.phase`."""
