#!/usr/bin/python3
"""Checks docs/api.yaml (OpenAPI 3.0) against the routing table src/http/routes.cc.

    check_api_spec.py docs/api.yaml src/http/routes.cc

Fails (exit 1, one line per problem) when a /api/v1 route of routes.cc is missing from the
spec, when the spec lists a /api/v1 operation the server does not route, when a $ref does not
resolve, when a path parameter is not declared, or when an error response (4xx, 5xx) does not use
the error shape {"error":{"code","message"}}. Runs under Debian's python3 with python3-yaml.
"""
import re
import sys

import yaml

METHODS = ("get", "post", "put", "patch", "delete")
ROUTE = re.compile(r'\{\s*"(GET|POST|PUT|PATCH|DELETE)"\s*,\s*"(/api/v1/[^"]*)"')


def routes_of(routes_cc):
    with open(routes_cc, encoding="utf-8") as f:
        text = f.read()
    # Only lines that are code: a commented-out route is not a route.
    code = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    return {(m.group(1).lower(), m.group(2)) for m in ROUTE.finditer(code)}


def resolve(spec, ref, problems, where):
    if not ref.startswith("#/"):
        problems.append(f"{where}: external $ref {ref} is not allowed")
        return None
    node = spec
    for part in ref[2:].split("/"):
        if not isinstance(node, dict) or part not in node:
            problems.append(f"{where}: $ref {ref} does not resolve")
            return None
        node = node[part]
    return node


def check_refs(spec, node, problems, where="spec"):
    if isinstance(node, dict):
        if "$ref" in node:
            resolve(spec, node["$ref"], problems, where)
        for k, v in node.items():
            check_refs(spec, v, problems, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            check_refs(spec, v, problems, f"{where}[{i}]")


def deref(spec, node, problems, where):
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        node = resolve(spec, node["$ref"], problems, where) or {}
        seen += 1
    return node


def is_error_schema(spec, schema, problems, where):
    schema = deref(spec, schema, problems, where)
    if not isinstance(schema, dict):
        return False
    if schema is spec["components"]["schemas"].get("Error"):
        return True
    return any(is_error_schema(spec, s, problems, where) for s in schema.get("allOf", []))


def check(spec_path, routes_cc):
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    problems = []
    if not str(spec.get("openapi", "")).startswith("3.0"):
        problems.append(f"{spec_path}: openapi must be 3.0.x, is {spec.get('openapi')!r}")
    error = spec.get("components", {}).get("schemas", {}).get("Error")
    try:
        props = error["properties"]["error"]["properties"]
        if set(props) < {"code", "message"}:
            raise KeyError
    except (KeyError, TypeError):
        problems.append("components/schemas/Error must be {error: {code, message}}")
    check_refs(spec, spec, problems)

    documented = set()
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            documented.add((method, path))
            where = f"{method.upper()} {path}"
            declared = {p.get("name") for p in (deref(spec, p, problems, where)
                                                 for p in op.get("parameters", []))
                        if p.get("in") == "path"}
            for name in re.findall(r"\{([^}]+)\}", path):
                if name not in declared:
                    problems.append(f"{where}: path parameter {{{name}}} is not declared")
            responses = op.get("responses") or {}
            if not responses:
                problems.append(f"{where}: no responses")
            for status, resp in responses.items():
                if not str(status)[0] in "45":
                    continue
                resp = deref(spec, resp, problems, where)
                content = (resp or {}).get("content", {}).get("application/json", {})
                if "schema" not in content or not is_error_schema(
                        spec, content["schema"], problems, where) and str(status) != "422":
                    problems.append(f"{where}: response {status} does not use the Error shape")

    routed = routes_of(routes_cc)
    if not routed:
        problems.append(f"{routes_cc}: no /api/v1 routes found (has the table's format changed?)")
    for method, path in sorted(routed - documented):
        problems.append(f"{method.upper()} {path}: routed in {routes_cc} but not in {spec_path}")
    for method, path in sorted(d for d in documented - routed if d[1].startswith("/api/v1/")):
        problems.append(f"{method.upper()} {path}: in {spec_path} but not routed in {routes_cc}")
    return problems, len(routed)


def self_test(spec_path, routes_cc):
    """The check must fail on drift both ways and on a bad error shape (so it can fail at all)."""
    import os
    import tempfile
    with open(routes_cc, encoding="utf-8") as f:
        routes = f.read()
    with open(spec_path, encoding="utf-8") as f:
        spec_text = f.read()
    cases = {
        "an undocumented route": (spec_text, routes.replace(
            '{"GET", "/api/v1/ping"', '{"GET", "/api/v1/undocumented", Ping, {}},\n{"GET", "/api/v1/ping"')),
        "a route gone from the table": (spec_text, routes.replace('"/api/v1/ping"', '"/ping"')),
        "an error response without the Error shape": (spec_text.replace(
            '$ref: "#/components/schemas/Error"}', '$ref: "#/components/schemas/User"}', 1), routes),
    }
    failures = 0
    with tempfile.TemporaryDirectory() as d:
        for name, (spec_case, routes_case) in cases.items():
            sp, rp = os.path.join(d, "api.yaml"), os.path.join(d, "routes.cc")
            with open(sp, "w", encoding="utf-8") as f:
                f.write(spec_case)
            with open(rp, "w", encoding="utf-8") as f:
                f.write(routes_case)
            problems, _ = check(sp, rp)
            if not problems:
                print(f"api spec self-test: {name} was not detected", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--self-test":
        return self_test(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    problems, n = check(sys.argv[1], sys.argv[2])
    for p in problems:
        print(f"api spec: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"api spec: {n} /api/v1 routes, all documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
