"""Churn registration specification."""
