"""Business actions inside a network, split by purpose. Import from the module:
`from exchange.services import posts; posts.publish_post(...)`."""
