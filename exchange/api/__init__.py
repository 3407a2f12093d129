"""The network's REST API: thin views over exchange.services and exchange.selectors."""
