#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lint data/openapi.yaml and check recorded HTTP exchanges against it.

  check-openapi.py lint SPEC
  check-openapi.py exchanges SPEC FILE.jsonl

`lint` checks the structure of an OpenAPI 3.0 document and the house rules of the Yichuang
API (problem+json errors, Idempotency-Key on every POST except /sessions, ...).
`exchanges` reads one JSON object per line
  {"method","path","status","content_type","body"}
and checks each against the operation it matches: declared status, content type and the
body against the response schema (OpenAPI 3.0 schemas are converted to JSON Schema first).
Exit status: 0 all good, 1 problems found, 2 usage or unreadable input.
"""

import copy
import json
import re
import sys
import urllib.parse

try:
    import yaml
    import jsonschema
except ImportError as e:  # pragma: no cover
    sys.stderr.write("check-openapi: missing Python module: %s "
                     "(Debian: python3-yaml python3-jsonschema)\n" % e.name)
    sys.exit(2)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PROBLEM_TYPE = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"
SCHEMA_PREFIX = "#/components/schemas/"
DEFS = "definitions"

# Keywords of the OpenAPI 3.0 Schema Object (anything else, bar x-*, is an error).
OAS30_SCHEMA_KEYWORDS = {
    "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
    "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf",
    "anyOf", "not", "items", "properties", "additionalProperties", "description",
    "format", "default", "nullable", "discriminator", "readOnly", "writeOnly", "xml",
    "externalDocs", "example", "deprecated", "$ref",
}
OAS30_TYPES = {"string", "number", "integer", "boolean", "array", "object"}
# Annotations that JSON Schema does not need (dropped on conversion).
OAS_ONLY = {"nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs",
            "example", "deprecated"}


class SpecError(Exception):
    pass


# ------------------------------------------------------------------------- loading

class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (YAML silently keeps the last)."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                 _construct_mapping)


def load_spec(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=_UniqueKeyLoader)
    except OSError as e:
        raise SpecError("cannot read %s: %s" % (path, e.strerror))
    except yaml.YAMLError as e:
        raise SpecError("%s is not valid YAML: %s" % (path, e))
    if not isinstance(doc, dict):
        raise SpecError("%s: the document is not a mapping" % path)
    return doc


def resolve_pointer(doc, ref):
    """Resolve a local JSON pointer reference such as '#/components/schemas/Case'."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise KeyError("only local references (#/...) are supported: %r" % (ref,))
    node = doc
    frag = ref[1:]
    if frag == "":
        return node
    if not frag.startswith("/"):
        raise KeyError("bad JSON pointer %r" % ref)
    for raw in frag[1:].split("/"):
        part = urllib.parse.unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError("%s does not resolve (no %r)" % (ref, part))
    return node


def deref(doc, node, seen=None):
    """Follow $ref chains of non-schema objects (responses, parameters, headers...)."""
    seen = seen or set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise KeyError("reference cycle through %s" % ref)
        seen.add(ref)
        node = resolve_pointer(doc, ref)
    return node


def base_path(doc):
    servers = doc.get("servers") or [{"url": "/"}]
    url = servers[0].get("url", "/") if isinstance(servers[0], dict) else "/"
    path = urllib.parse.urlsplit(url).path
    return path.rstrip("/")


def operations(doc):
    """Yield (path, method, path_item, operation) for every operation."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield path, method, item, item[method]


# ------------------------------------------------------------------------- conversion

def convert_schema(node):
    """Convert an OpenAPI 3.0 Schema Object into a JSON Schema (draft 7).

    As OpenAPI 3.0.3 says, nullable: true adds "null" to the type of the same Schema Object
    and nothing else (an enum must list null itself; allOf/anyOf/oneOf parts are evaluated on
    their own). $ref '#/components/schemas/X' becomes '#/definitions/X'; boolean
    exclusiveMinimum/Maximum become numbers; format stays as an annotation."""
    if isinstance(node, list):
        return [convert_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            return {"$ref": "#/%s/%s" % (DEFS, ref[len(SCHEMA_PREFIX):])}
        return {"$ref": ref}
    out = {}
    for key, value in node.items():
        if key in OAS_ONLY or key.startswith("x-"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: convert_schema(v) for k, v in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = convert_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = convert_schema(value)
        else:
            out[key] = copy.deepcopy(value)
    for bound, excl in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if out.get(excl) is True and bound in out:
            out[excl] = out.pop(bound)
        elif out.get(excl) is False:
            del out[excl]
    if node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def definitions(doc):
    schemas = ((doc.get("components") or {}).get("schemas") or {})
    return {name: convert_schema(s) for name, s in schemas.items()}


_validators = {}


def validator_for(schema, defs):
    key = id(schema)
    if key not in _validators:
        root = {"allOf": [convert_schema(schema)], DEFS: defs}
        _validators[key] = (schema, jsonschema.Draft7Validator(root))
    return _validators[key][1]


def json_path(parts):
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", str(p)):
            out += "." + str(p)
        else:
            out += "[%s]" % json.dumps(p, ensure_ascii=False)
    return out


def only_null(schema, defs, depth=0):
    """True when a converted schema accepts null and nothing else (e.g. NullValue)."""
    while isinstance(schema, dict) and "$ref" in schema and depth < 16:
        ref = schema["$ref"]
        prefix = "#/%s/" % DEFS
        schema = defs.get(ref[len(prefix):]) if ref.startswith(prefix) else None
        depth += 1
    if not isinstance(schema, dict):
        return False
    return schema.get("enum") == [None] or schema.get("type") == "null"


def explain(error, defs):
    """The errors that tell most: descend into anyOf/oneOf contexts.

    For anyOf [X, NullValue] and a value that is not null, the errors of X are the answer."""
    if not error.context:
        return [error]
    schema = error.schema if isinstance(error.schema, dict) else {}
    branches = schema.get(error.validator)
    context = list(error.context)
    if error.instance is not None and isinstance(branches, list):
        context = [e for e in context if not (
            e.schema_path and isinstance(e.schema_path[0], int)
            and e.schema_path[0] < len(branches)
            and only_null(branches[e.schema_path[0]], defs))] or context
    if len({e.schema_path[0] if e.schema_path else None for e in context}) == 1:
        return [x for e in context for x in explain(e, defs)]
    best = jsonschema.exceptions.best_match(context)
    if best is None or list(best.absolute_path) == list(error.absolute_path):
        return [error]
    return explain(best, defs)


def short(value, limit=80):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def body_errors(schema, defs, body):
    v = validator_for(schema, defs)
    errs = []
    for top in v.iter_errors(body):
        for e in explain(top, defs):
            msg = e.message
            if len(msg) > 240:
                msg = msg[:237] + "..."
            errs.append((json_path(e.absolute_path), msg))
    return sorted(set(errs))


# ------------------------------------------------------------------------- lint

class Linter:
    def __init__(self, doc):
        self.doc = doc
        self.errors = []

    def err(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))

    def deref(self, node):
        """deref() that yields {} for a broken reference (check_refs reports those)."""
        try:
            return deref(self.doc, node)
        except KeyError:
            return {}

    def run(self):
        doc = self.doc
        version = doc.get("openapi")
        if not isinstance(version, str) or not re.match(r"^3\.0\.\d+$", version):
            self.err("openapi", "must be a 3.0.x version string, got %r" % (version,))
        info = doc.get("info")
        if not isinstance(info, dict):
            self.err("info", "missing")
        else:
            for key in ("title", "version"):
                if not isinstance(info.get(key), str) or not info.get(key):
                    self.err("info.%s" % key, "missing or not a string")
        if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
            self.err("paths", "missing or empty")
            return self.errors
        self.check_refs(doc, "#")
        comps = doc.get("components") or {}
        for kind, entries in comps.items():
            for name in (entries or {}) if isinstance(entries, dict) else ():
                if not isinstance(name, str) or not re.match(r"^[a-zA-Z0-9._-]+$", name):
                    self.err("components.%s" % kind, "bad component name %r (YAML reads "
                             "bare Null/True/No... as non-strings: quote them)" % (name,))
        if "Problem" not in (comps.get("schemas") or {}):
            self.err("components.schemas", "no Problem schema")
        self.check_security(doc.get("security"), "security")
        self.check_schemas()
        self.check_operations()
        xm = doc.get("x-method-not-allowed")
        if xm is not None:
            self.check_error_response(self.deref(xm), "x-method-not-allowed")
        return self.errors

    # $ref ------------------------------------------------------------
    def check_refs(self, node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                ref = node["$ref"]
                try:
                    resolve_pointer(self.doc, ref)
                except KeyError as e:
                    self.err(where, "$ref %s" % e.args[0])
            for k, v in node.items():
                self.check_refs(v, "%s/%s" % (where, str(k).replace("~", "~0")
                                                  .replace("/", "~1")))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self.check_refs(v, "%s/%d" % (where, i))

    # security --------------------------------------------------------
    def check_security(self, security, where):
        if security is None:
            return
        schemes = (self.doc.get("components") or {}).get("securitySchemes") or {}
        if not isinstance(security, list):
            self.err(where, "must be a list")
            return
        for req in security:
            for name in (req or {}):
                if name not in schemes:
                    self.err(where, "unknown security scheme %r" % name)

    # schemas ---------------------------------------------------------
    def check_schema_oas(self, node, where):
        """OpenAPI 3.0 rules that JSON Schema itself does not catch."""
        if not isinstance(node, dict):
            self.err(where, "schema must be a mapping")
            return
        if "$ref" in node:
            extra = [k for k in node if k not in ("$ref", "description", "summary")]
            if extra:
                self.err(where, "keywords next to $ref are ignored in OpenAPI 3.0: %s"
                         % ", ".join(sorted(extra)))
            return
        for key in node:
            if key not in OAS30_SCHEMA_KEYWORDS and not key.startswith("x-"):
                self.err(where, "%r is not an OpenAPI 3.0 schema keyword" % key)
        t = node.get("type")
        if t is not None and (not isinstance(t, str) or t not in OAS30_TYPES):
            self.err(where, "type must be one of %s (use nullable for null), got %r"
                     % ("/".join(sorted(OAS30_TYPES)), t))
        if t == "array" and "items" not in node:
            self.err(where, "an array schema needs items")
        if node.get("nullable") is True:
            if t is None:
                self.err(where, "nullable needs an explicit type next to it (OpenAPI 3.0.3)")
            for key in ("allOf", "anyOf", "oneOf"):
                if key in node:
                    self.err(where, "nullable does not reach into %s (OpenAPI 3.0.3); "
                             "use anyOf [X, NullValue] for a nullable reference" % key)
            if isinstance(node.get("enum"), list) and None not in node["enum"]:
                self.err(where, "a nullable enum must list null to accept it")
        props = node.get("properties")
        if props is not None and not isinstance(props, dict):
            self.err(where, "properties must be a mapping")
            props = None
        req = node.get("required")
        if req is not None:
            if not isinstance(req, list) or not req or len(set(map(str, req))) != len(req):
                self.err(where, "required must be a non-empty list of unique names")
            elif props is not None and not node.get("allOf"):
                for name in req:
                    if name not in props:
                        self.err(where, "required property %r is not in properties" % name)
        if "enum" in node and "default" in node and node["default"] not in node["enum"]:
            self.err(where, "default %r is not in enum" % (node["default"],))
        for name, sub in (props or {}).items():
            self.check_schema_oas(sub, "%s.properties.%s" % (where, name))
        for key in ("items", "not"):
            if key in node:
                self.check_schema_oas(node[key], "%s.%s" % (where, key))
        if isinstance(node.get("additionalProperties"), dict):
            self.check_schema_oas(node["additionalProperties"], where + ".additionalProperties")
        for key in ("allOf", "anyOf", "oneOf"):
            if key in node:
                if not isinstance(node[key], list) or not node[key]:
                    self.err(where, "%s must be a non-empty list" % key)
                    continue
                for i, sub in enumerate(node[key]):
                    self.check_schema_oas(sub, "%s.%s[%d]" % (where, key, i))

    def check_schema(self, schema, where):
        self.check_schema_oas(schema, where)
        converted = convert_schema(schema)
        try:
            jsonschema.Draft7Validator.check_schema(converted)
        except jsonschema.exceptions.SchemaError as e:
            self.err(where, "not valid JSON Schema after conversion: %s (at %s)"
                     % (e.message, json_path(e.absolute_path)))
        for pat_where, pat in self.patterns(schema, where):
            try:
                re.compile(pat)
            except re.error as e:
                self.err(pat_where, "bad pattern %r: %s" % (pat, e))

    def patterns(self, node, where):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield where, node["pattern"]
            for k, v in node.items():
                if k != "pattern":
                    yield from self.patterns(v, "%s.%s" % (where, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from self.patterns(v, "%s[%d]" % (where, i))

    def check_schemas(self):
        self.defs = definitions(self.doc)
        for name, schema in ((self.doc.get("components") or {}).get("schemas") or {}).items():
            self.check_schema(schema, "components.schemas.%s" % name)

    # operations ------------------------------------------------------
    def check_param(self, p, where):
        if not isinstance(p, dict):
            self.err(where, "parameter must be a mapping")
            return None
        if not p.get("name") or p.get("in") not in ("query", "header", "path", "cookie"):
            self.err(where, "parameter needs name and in (query/header/path/cookie)")
            return None
        if p["in"] == "path" and p.get("required") is not True:
            self.err(where, "path parameter %r must be required: true" % p["name"])
        if ("schema" in p) == ("content" in p):
            self.err(where, "parameter %r needs exactly one of schema or content" % p["name"])
        if "schema" in p:
            self.check_schema(p["schema"], "%s.schema" % where)
        return p

    def check_error_response(self, resp, where):
        content = resp.get("content") if isinstance(resp, dict) else None
        if not content or PROBLEM_TYPE not in content:
            self.err(where, "an error response must use %s" % PROBLEM_TYPE)
            return
        others = [m for m in content if m != PROBLEM_TYPE]
        if others:
            self.err(where, "an error response must use only %s, also has %s"
                     % (PROBLEM_TYPE, ", ".join(others)))
        schema = (content[PROBLEM_TYPE] or {}).get("schema")
        if not (isinstance(schema, dict) and schema.get("$ref") == PROBLEM_REF):
            self.err(where, "an error response must have schema $ref %s" % PROBLEM_REF)

    def check_operations(self):
        doc = self.doc
        op_ids = {}
        for path, item in doc["paths"].items():
            if not path.startswith("/"):
                self.err("paths.%s" % path, "a path must start with /")
            for key in item:
                if key not in HTTP_METHODS and key not in (
                        "parameters", "summary", "description", "servers", "$ref") \
                        and not key.startswith("x-"):
                    self.err("paths.%s" % path, "unknown key %r" % key)
        for path, method, item, op in operations(doc):
            where = "%s %s" % (method.upper(), path)
            oid = op.get("operationId")
            if not isinstance(oid, str) or not oid:
                self.err(where, "no operationId")
            elif oid in op_ids:
                self.err(where, "operationId %r is also used by %s" % (oid, op_ids[oid]))
            else:
                op_ids[oid] = where
            self.check_security(op.get("security"), where + " security")

            params = {}
            for src, plist in (("path item", item.get("parameters")),
                               ("operation", op.get("parameters"))):
                for i, raw in enumerate(plist or []):
                    p = self.check_param(self.deref(raw),
                                         "%s %s parameters[%d]" % (where, src, i))
                    if p:
                        k = (p["in"], p["name"].lower() if p["in"] == "header" else p["name"])
                        if src == "operation" and k in params and params[k][0] == "operation":
                            self.err(where, "parameter %s %r declared twice" % k)
                        params[k] = (src, p)
            template = set(re.findall(r"\{([^}/]+)\}", path))
            declared = {name for (loc, name) in params if loc == "path"}
            for name in sorted(template - declared):
                self.err(where, "path parameter {%s} is not declared" % name)
            for name in sorted(declared - template):
                self.err(where, "path parameter %r is not in the path" % name)

            responses = op.get("responses") if isinstance(op.get("responses"), dict) else {}
            codes = {str(c) for c in responses}
            security = op.get("security", doc.get("security"))
            if security and all(req for req in security) and "401" not in codes:
                self.err(where, "needs a token but declares no 401 response")
            if method == "post" and path != "/sessions":
                p = params.get(("header", "idempotency-key"))
                if not p:
                    self.err(where, "POST must declare the Idempotency-Key header parameter")
                elif p[1].get("required") is not True:
                    self.err(where, "Idempotency-Key must be required: true")
                for code in ("400", "409", "413", "422"):
                    if code not in codes:
                        self.err(where, "POST with Idempotency-Key must declare %s "
                                 "(idempotency and size errors)" % code)
                for code in sorted(c for c in codes if c.startswith("2")):
                    headers = self.deref(responses[code]).get("headers") or {}
                    if not any(h.lower() == "idempotent-replayed" for h in headers):
                        self.err("%s response %s" % (where, code),
                                 "must declare the Idempotent-Replayed header")

            body = op.get("requestBody")
            if body is not None:
                body = self.deref(body)
                content = body.get("content") if isinstance(body, dict) else None
                if not content:
                    self.err(where, "requestBody without content")
                for media, mt in (content or {}).items():
                    if isinstance(mt, dict) and "schema" in mt:
                        self.check_schema(mt["schema"], "%s requestBody %s" % (where, media))
                    else:
                        self.err(where, "requestBody %s has no schema" % media)

            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                self.err(where, "no responses")
                continue
            if not any(re.match(r"^2(\d\d|XX)$", str(code)) for code in responses):
                self.err(where, "no 2xx response")
            for code, raw in responses.items():
                if not isinstance(code, str):
                    self.err("%s response %s" % (where, code),
                             "quote the status code (YAML reads it as a number)")
                code = str(code)
                rwhere = "%s response %s" % (where, code)
                if not re.match(r"^([1-5](\d\d|XX)|default)$", code):
                    self.err(rwhere, "not a status code, range or default")
                    continue
                resp = self.deref(raw)
                if resp == {} and isinstance(raw, dict) and "$ref" in raw:
                    continue  # broken reference, already reported
                if not isinstance(resp, dict) or not isinstance(resp.get("description"), str):
                    self.err(rwhere, "a response needs a description")
                    continue
                if code[0] in "45" or code == "default":
                    self.check_error_response(resp, rwhere)
                for media, mt in (resp.get("content") or {}).items():
                    if isinstance(mt, dict) and "schema" in mt:
                        self.check_schema(mt["schema"], "%s %s" % (rwhere, media))
                    else:
                        self.err(rwhere, "%s has no schema" % media)
                if code in ("204", "304") and resp.get("content"):
                    self.err(rwhere, "a %s response has no body" % code)
                for hname, h in (resp.get("headers") or {}).items():
                    h = self.deref(h)
                    if not isinstance(h, dict) or ("schema" not in h and "content" not in h):
                        self.err(rwhere, "header %s needs a schema" % hname)


def cmd_lint(spec_path):
    try:
        doc = load_spec(spec_path)
    except SpecError as e:
        print("openapi lint: %s" % e)
        return 1
    errors = Linter(doc).run()
    ops = sum(1 for _ in operations(doc))
    for e in errors:
        print("  %s" % e)
    print("openapi lint: %s: %d operations, %d problems" % (spec_path, ops, len(errors)))
    return 1 if errors else 0


# ------------------------------------------------------------------------- exchanges

class Matcher:
    def __init__(self, doc):
        self.doc = doc
        self.base = base_path(doc)
        self.routes = []
        for path, item in (doc.get("paths") or {}).items():
            parts = path.strip("/").split("/") if path.strip("/") else []
            regex = "^/" + "/".join(
                "[^/]+" if re.fullmatch(r"\{[^}/]+\}", seg) else re.escape(seg)
                for seg in parts) + "$"
            literal = sum(1 for seg in parts if "{" not in seg)
            self.routes.append((re.compile(regex), literal, path, item))
        # Most literal segments first: /sessions/current beats /sessions/{id}.
        self.routes.sort(key=lambda r: -r[1])

    def match(self, raw_path):
        """Return (template, path_item) or (None, reason)."""
        path = urllib.parse.urlsplit(raw_path).path
        if self.base:
            if path != self.base and not path.startswith(self.base + "/"):
                return None, "not under the base path %s" % self.base
            path = path[len(self.base):] or "/"
        for regex, _, template, item in self.routes:
            if regex.match(path):
                return template, item
        return None, "no path in the spec matches %s" % urllib.parse.unquote(path)


def media_type(content_type):
    if not content_type:
        return None, {}
    parts = [p.strip() for p in content_type.split(";")]
    params = {}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


def pick_response(responses, status):
    s = str(status)
    if s in responses:
        return s
    if "%sXX" % s[0] in responses:
        return "%sXX" % s[0]
    if "default" in responses:
        return "default"
    return None


def pick_content(content, mt):
    if mt in content:
        return mt
    for key in content:
        if key.endswith("/*") and mt and mt.startswith(key[:-1]):
            return key
    if "*/*" in content:
        return "*/*"
    return None


def check_exchange(doc, matcher, defs, ex, used):
    """Return a list of (json path, message) problems for one exchange."""
    method = str(ex.get("method", "")).lower()
    status = ex.get("status")
    if not isinstance(status, int) or not 100 <= status <= 599:
        return [("$", "status %r is not an HTTP status" % (status,))]
    template, item = matcher.match(str(ex.get("path", "")))
    if template is None:
        return [("$", item)]
    op = item.get(method) if isinstance(item.get(method), dict) else None
    skip_body = False
    if op is None and method == "head" and isinstance(item.get("get"), dict):
        op, skip_body = item["get"], True
    if op is None:
        mna = doc.get("x-method-not-allowed")
        if status == 405 and mna is not None:
            resp = deref(doc, mna)
            used.add("(405 %s)" % template)
        else:
            declared = ", ".join(m.upper() for m in HTTP_METHODS if m in item)
            return [("$", "%s is not declared for %s (it has %s)"
                     % (method.upper(), template, declared))]
    else:
        used.add(op.get("operationId") or "%s %s" % (method, template))
        responses = {str(k): v for k, v in (op.get("responses") or {}).items()}
        key = pick_response(responses, status)
        if key is None:
            return [("$", "status %d is not declared for %s %s (declared: %s)"
                     % (status, method.upper(), template, ", ".join(map(str, responses))))]
        resp = deref(doc, responses[key])

    problems = []
    content = resp.get("content") or {}
    ct = ex.get("content_type")
    body = ex.get("body")
    mt, params = media_type(ct)
    if not content:
        if body is not None and not skip_body:
            problems.append(("$", "status %d has no body in the spec, got %s"
                             % (status, short(body))))
        return problems
    if skip_body:
        return problems
    key = pick_content(content, mt)
    if key is None:
        return [("$", "content type %r is not declared (expected %s)"
                 % (ct, " or ".join(content)))]
    charset = params.get("charset")
    if charset is not None and charset not in ("utf-8", "utf8"):
        problems.append(("$", "charset %r is not UTF-8" % charset))
    schema = (content[key] or {}).get("schema")
    if body is None:
        problems.append(("$", "expected a body (%s), got none" % key))
    elif schema is not None:
        try:
            problems.extend(body_errors(schema, defs, body))
        except Exception as e:  # a broken $ref in the spec: report, do not crash
            problems.append(("$", "cannot validate (lint the spec): %s"
                             % str(e).splitlines()[0][:200]))
    return problems


def cmd_exchanges(spec_path, jsonl_path):
    try:
        doc = load_spec(spec_path)
    except SpecError as e:
        print("openapi: %s" % e)
        return 2
    defs = definitions(doc)
    matcher = Matcher(doc)
    try:
        f = open(jsonl_path, encoding="utf-8")
    except OSError as e:
        print("openapi: cannot read %s: %s" % (jsonl_path, e.strerror))
        return 2
    checked = 0
    problems = []
    used = set()
    with f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            checked += 1
            try:
                ex = json.loads(line)
                if not isinstance(ex, dict):
                    raise ValueError("not a JSON object")
            except ValueError as e:
                problems.append((lineno, "?", "?", "?", "$", "unreadable line: %s" % e))
                continue
            for where, msg in check_exchange(doc, matcher, defs, ex, used):
                problems.append((lineno, str(ex.get("method", "?")).upper(),
                                 ex.get("path", "?"), ex.get("status", "?"), where, msg))
    for lineno, method, path, status, where, msg in problems:
        print("  %s:%d: %s %s -> %s: %s: %s"
              % (jsonl_path, lineno, method, path, status, where, msg))
    all_ops = [op.get("operationId") for _, _, _, op in operations(doc)]
    missing = [o for o in all_ops if o not in used]
    if missing and checked:
        print("openapi: note: %d of %d operations not exercised: %s"
              % (len(missing), len(all_ops), ", ".join(missing)))
    print("openapi: %d exchanges checked, %d problems" % (checked, len(problems)))
    return 1 if problems else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "lint":
        return cmd_lint(argv[2])
    if len(argv) == 4 and argv[1] == "exchanges":
        return cmd_exchanges(argv[2], argv[3])
    sys.stderr.write("usage: %s lint SPEC\n       %s exchanges SPEC FILE.jsonl\n"
                     % (argv[0], argv[0]))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
