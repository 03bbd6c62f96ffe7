"""Counts the operations a description declares, read independently of the generator: every
method of every path item, a path item's `$ref` (to this file or another) followed, and the
fields written beside it kept. Prints the count; CI compares it with the generator's own."""
import json
import os
import sys

import yaml

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)


def pointer(doc, fragment):
    node = doc
    for part in fragment.lstrip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node.get(part, {})
    return node


def item_methods(item, doc, base, depth=0):
    methods = {m for m in item if m in METHODS}
    ref = item.get("$ref")
    if isinstance(ref, str) and depth < 16:
        file, _, fragment = ref.partition("#")
        target_doc, target_base = doc, base
        if file:
            target_path = os.path.join(base, file.replace("%7B", "{").replace("%7D", "}"))
            target_doc, target_base = load(target_path), os.path.dirname(target_path)
        target = pointer(target_doc, fragment) if fragment else target_doc
        if isinstance(target, dict):
            methods |= item_methods(target, target_doc, target_base, depth + 1)
    return methods


def main(path):
    doc = load(path)
    base = os.path.dirname(os.path.abspath(path))
    paths = doc.get("paths") or {}
    print(sum(len(item_methods(item, doc, base)) for item in paths.values() if isinstance(item, dict)))


if __name__ == "__main__":
    main(sys.argv[1])
