"""Billing services, one module per concern; import from the module itself."""
