"""Signals of the procedures for the layers above (cms imports none of them)."""

from django.dispatch import Signal

# Sent with ``statement=`` once a statement is submitted or entered by staff, inside the
# transaction that saved it; receivers queue their work with transaction.on_commit.
statement_submitted = Signal()
