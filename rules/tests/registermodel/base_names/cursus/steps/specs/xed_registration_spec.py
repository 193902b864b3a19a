"""Spec of x (base name `xed`: the removal is global, as in cursus)."""
