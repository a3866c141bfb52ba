#!/usr/bin/env python3
"""Checks a W3C Web Annotation export of Commonplace against the W3C's own test
assertions: every "must" assertion of the Annotation Model's tests for each annotation
(annotationMusts.test) and for the collection (collectionMusts.test), as JSON Schemas
(draft 4) over the W3C's definitions. The W3C's test material is not part of this project;
point --w3c at a checkout of it (the web-annotation-tests repository: annotations/,
collections/, definitions/, tools/samples/).

    commonplace export --format w3c --out annotations.jsonld
    python3 docs/measure/check-w3c.py annotations.jsonld --w3c PATH/TO/web-annotation-tests

It also says how the checker does on the W3C's own sample annotations (the correct ones
should pass, the incorrect ones fail).
Needs the `jsonschema` package (pip install jsonschema).
"""

import argparse
import json
import os
import sys
import warnings

import jsonschema

warnings.filterwarnings("ignore", category=DeprecationWarning)


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return json.load(f)


class Checker:
    def __init__(self, root):
        self.root = root
        # Assertions refer to the definitions and to each other by their ids (file names).
        store = {}
        for folder in ("definitions", "annotations", "collections"):
            for dirpath, _, names in os.walk(os.path.join(root, folder)):
                for name in names:
                    if not name.endswith(".json"):
                        continue
                    schema = load(os.path.join(dirpath, name))
                    if isinstance(schema, dict):
                        store.setdefault(schema.get("id", name), schema)
                        store.setdefault(name, schema)
        self.store = store

    def musts(self, test):
        """The assertion schemas a .test file lists whose assertionType is must."""
        listed = load(os.path.join(self.root, test))["assertions"]
        schemas = []
        for entry in listed:
            if not isinstance(entry, str):
                continue
            schema = load(os.path.join(self.root, entry))
            if schema.get("assertionType", "must") == "must":
                schemas.append((entry, schema))
        return schemas

    def failures(self, document, schemas):
        failed = []
        for name, schema in schemas:
            resolver = jsonschema.RefResolver(base_uri="", referrer=schema, store=self.store)
            validator = jsonschema.Draft4Validator(schema, resolver=resolver)
            valid = validator.is_valid(document)
            expected = schema.get("expectedResult", "valid") == "valid"
            if valid != expected:
                failed.append((name, schema.get("errorMessage", "")))
        return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", help="a file `commonplace export --format w3c` wrote")
    parser.add_argument("--w3c", required=True, help="the W3C's web-annotation-tests folder")
    args = parser.parse_args()
    checker = Checker(args.w3c)
    annotation_musts = checker.musts("annotations/annotationMusts.test")
    collection_musts = checker.musts("collections/collectionMusts.test")

    # The checker on the W3C's own samples (annotations only: the folder also holds
    # collections and fragments): how many correct ones pass, how many incorrect fail.
    samples = os.path.join(args.w3c, "tools", "samples")
    self_check = {}
    for kind in ("correct", "incorrect"):
        folder = os.path.join(samples, kind)
        results = []
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".json")):
            try:
                sample = load(os.path.join(folder, name))
            except json.JSONDecodeError:
                results.append(False)  # some incorrect samples are not even JSON
                continue
            if isinstance(sample, dict) and sample.get("type") == "Annotation":
                results.append(not checker.failures(sample, annotation_musts))
        self_check[kind] = (sum(results), len(results))

    collection = load(args.export)
    failed = [("the collection", f) for f in checker.failures(collection, collection_musts)]
    annotations = collection.get("first", {}).get("items", [])
    for annotation in annotations:
        # Embedded in the collection, an annotation takes its context from it.
        standalone = {"@context": collection.get("@context"), **annotation}
        for f in checker.failures(standalone, annotation_musts):
            failed.append((annotation.get("id"), f))
    for where, (name, message) in failed[:20]:
        print(f"{where}: {name}: {message}")
    print(
        json.dumps(
            {
                "w3cCorrectSamplesPassing": "%d of %d" % self_check["correct"],
                "w3cIncorrectSamplesPassing": "%d of %d" % self_check["incorrect"],
                "annotations": len(annotations),
                "assertions": len(annotation_musts) + len(collection_musts),
                "failures": len(failed),
            }
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
