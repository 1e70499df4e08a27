"""The compiled parts of the reader: C loops for what runs once per tag or once per edit, with the Python code they mirror as the
fallback (a machine without a C compiler still installs edgarsift; the extension is ``optional``) and as the
reference the tests compare them with. Everything else about the package is in pyproject.toml."""
from setuptools import Extension, setup

setup(ext_modules=[
    Extension("edgarsift.read._htmlrender", ["src/edgarsift/read/_htmlrender.c"], optional=True),
    Extension("edgarsift.read._xmlscan", ["src/edgarsift/read/_xmlscan.c"], optional=True),
    Extension("edgarsift.text._rewrite", ["src/edgarsift/text/_rewrite.c"], optional=True),
])
