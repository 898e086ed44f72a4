#!/usr/bin/python3
"""Validates a JSON document against a JSON schema with Debian's python3-jsonschema.

    validate_json_schema.py SCHEMA INSTANCE

Exit 0 when valid; 1 with one line per error (JSON path and message) when not; 3 when the
jsonschema module is missing (the caller skips and says so).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(3)


def main() -> int:
    schema_path, instance_path = sys.argv[1:3]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(instance_path, encoding="utf-8") as f:
        instance = json.load(f)
    # The schema names its draft in `$schema` (draft-04 for SARIF 2.1.0).
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        print("/" + "/".join(map(str, error.absolute_path)) + ": " + error.message)
    print(f"{validator_class.__name__}: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
