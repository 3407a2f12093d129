"""Rolling the method out region by region, in the console: regions and their coaches,
each region's figures and the national totals (read from the public snapshots only), and
each coach's load across the networks they follow."""
