"""Consent managers: adapters (data, one module each) and consent/operate.py, which finds the
banner and operates it as a visitor would. Importing this package loads no browser code."""
