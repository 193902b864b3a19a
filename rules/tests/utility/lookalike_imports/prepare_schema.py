"""Validates the hyperparameters against a schema and writes them with orjson.

Imports of jsonschema, orjson, simplejson or jsonlines are not the json module: the json checks
must not run (and so must not report missing json.load/json.dump).
"""
import os

import jsonlines
import jsonschema
import orjson
import simplejson

SCHEMA = {"type": "object", "properties": {"eta": {"type": "number"}}}


def prepare(hyperparameters, output_dir):
    jsonschema.validate(hyperparameters, SCHEMA)
    os.makedirs(output_dir, exist_ok=True)
    path = os.path.join(output_dir, "hyperparameters.json")
    with open(path, "wb") as f:
        f.write(orjson.OPT_INDENT_2.to_bytes(1, "big") + repr(hyperparameters).encode())
    with jsonlines.open(os.path.join(output_dir, "log.jsonl"), "w") as log:
        log.write({"created": path, "encoder": simplejson.__name__})
    return path
