"""What a service's TXT keys are: key fields, kinds, models, and the schema set in use."""
