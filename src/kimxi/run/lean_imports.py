"""The notebook runners without a grammar they never use; import this before nbformat.

nbformat imports jsonschema to validate notebooks, and jsonschema checks the string
formats "iri" and "iri-reference" with rfc3987-syntax when that package is installed (it
is: jupyter-events needs it). rfc3987-syntax compiles a Lark grammar while it is being
imported: 2.5 CPU-seconds in every process that imports nbformat, which is the runner of
``make run`` and, on a user's corpus, the runner and its second process. No notebook schema
uses those two formats. Imported first, this module makes jsonschema go without the two
checks, as it does wherever rfc3987-syntax is not installed. It changes nothing once
jsonschema has been imported, and nothing in the kernels, which do not import it.
"""

from __future__ import annotations

import sys

if "jsonschema" not in sys.modules:
    # None in sys.modules makes `import rfc3987_syntax` raise ImportError, which jsonschema
    # expects of a package that is absent.
    sys.modules.setdefault("rfc3987_syntax", None)
