"""Flask-WTF forms: they check the shape of input; services check the business rules."""
