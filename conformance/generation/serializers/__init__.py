"""Request body serializers the generic schemathesis client lacks or gets wrong."""
