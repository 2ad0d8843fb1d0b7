"""What a service's TXT keys are: the fields of a key schema, the kinds, and the pydantic models."""
