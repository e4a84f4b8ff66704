"""Spec files: load YAML with line marks, validate against the schema, build the model."""

from pytest_privacy.spec.model import CheckSpec, Spec, State, load_spec

__all__ = ["CheckSpec", "Spec", "State", "load_spec"]
